import Foundation
import Logging

/// The archive source: `response` records holding HTML, read from WARC files with no network
/// at all. A file that cannot be opened, or framed to its end, is counted and logged and leaves
/// the job unfinished; the other files go on. Records an earlier run of the job finished, or
/// the quarantine holds, are not read again.
struct ArchiveSource: PageSource {
    let paths: [String]
    /// The source the records are attributed to, if any.
    let source: SourceConfig?
    let maxBodyBytes: Int

    func feed(_ pages: BoundedQueue<FetchedPage>, run: RunContext) throws {
        let (counter, tracker, logger) = (run.counter, run.tracker, run.logger)
        let progress = tracker.progress
        let totalBytes = paths.reduce(0) {
            $0 + (((try? FileManager.default.attributesOfItem(atPath: $1)[.size]) as? Int) ?? 0)
        }
        var bytesBefore = 0
        for path in paths {
            if run.cancellation.isCancelled { break }
            let reader: WARCReader
            do {
                reader = try WARCReader(path: path, maxRecordBytes: maxBodyBytes + 64 * 1024)
            } catch {
                let code = (error as? WARCError)?.code ?? .unreadable
                counter.count(ArticleErrorKey(stage: .archive, code: .archive(code)), .failed, source: source?.id)
                logger.error("archive failed", metadata: ["archive": "\(path)", "reason": "\(error)"])
                tracker.unfinished()
                continue
            }
            while !run.cancellation.isCancelled {
                let record: WARCRecord
                do {
                    guard let next = try reader.next() else { break }
                    record = next
                } catch {
                    // The rest of this file cannot be framed; the other files go on.
                    let code = (error as? WARCError)?.code ?? .malformed
                    counter.count(ArticleErrorKey(stage: .archive, code: .archive(code)), .failed, source: source?.id)
                    logger.error("archive failed", metadata: ["archive": "\(path)", "reason": "\(error)"])
                    tracker.unfinished()
                    break
                }
                if totalBytes > 0 {
                    progress?.setFraction(Double(bytesBefore + reader.fileBytesRead) / Double(totalBytes))
                }
                guard record.type == "response", let uri = record.targetURI,
                    uri.hasPrefix("http://") || uri.hasPrefix("https://")
                else {
                    continue  // warcinfo, request, metadata, revisit: not pages
                }
                if let page = page(of: record, uri: uri, item: "\(path)#\(record.ordinal)", run: run) {
                    pages.put(page)
                }
            }
            bytesBefore += reader.fileBytesRead
        }
    }

    /// The page a `response` record holds, or nil when it is done, quarantined, or no HTML page
    /// (each counted and recorded).
    private func page(of record: WARCRecord, uri: String, item: String, run: RunContext) -> FetchedPage? {
        let counter = run.counter
        if run.leavesOut(item, stage: .archive, source: source) { return nil }
        counter.update { $0.discovered += 1 }
        var context = PageContext(source: source, requestURL: uri, finalURL: uri, item: item)
        if record.oversized {
            run.report(
                ArticleError(code: .archive(.bodyTooLarge), stage: .archive, url: uri), item: item, source: source)
            return nil
        }
        let response: ArchivedResponse
        do {
            response = try ArchivedResponse(block: record.block, maxBodyBytes: maxBodyBytes)
        } catch {
            let code = (error as? WARCError)?.code ?? .badRecord
            run.report(
                ArticleError(code: .archive(code), stage: .archive, url: uri, cause: error), item: item, source: source)
            return nil
        }
        guard (200..<300).contains(response.status) else {
            let code = ArticleErrorCode.archivedStatus(statusClass: response.status / 100)
            run.report(ArticleError(code: code, stage: .archive, url: uri), item: item, source: source)
            return nil
        }
        if let type = response.contentType, !Transfer.isHTML(type) {
            run.report(ArticleError(code: .fetch(.notHTML), stage: .archive, url: uri), item: item, source: source)
            return nil
        }
        counter.update { $0.fetched += 1 }
        context.status = response.status
        return FetchedPage(context: context, contentType: response.contentType, body: response.body)
    }
}
