import Foundation
import Logging

/// Where a run's pages come from: puts them into the first queue of the chain, on the calling
/// thread, and reports each page it does not pass on (skipped, failed, unchanged) itself.
protocol PageSource {
    func feed(_ pages: BoundedQueue<FetchedPage>, run: RunContext) throws
}

/// The fetch source: article URLs fetched with libcurl's multi interface, all transfers driven
/// from the calling thread, conditional GETs from the validators the ledger holds. URLs the
/// backfill checkpoint has finished, or the quarantine holds, are not fetched.
struct FetchSource: PageSource {
    let requests: [ArticleRequest]
    let options: FetchOptions
    let robots: any RobotsCache
    let ledger: any ArticleLedger

    func feed(_ pages: BoundedQueue<FetchedPage>, run: RunContext) throws {
        let (counter, tracker, logger) = (run.counter, run.tracker, run.logger)
        let fetcher = try HTTPFetcher(options: options, robotsCache: robots)
        fetcher.onTransfer = { status, bytes in counter.update { $0.countTransfer(status: status, bytes: bytes) } }
        var iterator = requests.makeIterator()
        var sourceByURL: [String: SourceConfig?] = [:]
        fetcher.run(
            next: {
                while let request = iterator.next() {
                    if run.leavesOut(request.url, stage: .fetch, source: request.source) { continue }
                    sourceByURL[request.url] = request.source
                    let validators = try? ledger.validators(for: request.url)
                    return FetchRequest(
                        url: request.url, etag: validators?.etag, lastModified: validators?.lastModified)
                }
                return nil
            },
            isCancelled: { run.cancellation.isCancelled },
            completion: { request, result in
                let source = sourceByURL.removeValue(forKey: request.url) ?? nil
                switch result {
                case .success(let response) where response.notModified:
                    counter.update { $0.count(.unchanged, source: source?.id) }
                    logger.debug("not modified", metadata: ["article.url": "\(request.url)"])
                    tracker.finished(request.url, permanent: true, failed: false)
                case .success(let response):
                    counter.update { $0.fetched += 1 }
                    let context = PageContext(
                        source: source, requestURL: request.url, finalURL: response.finalURL,
                        status: response.status,
                        validators: Validators(etag: response.etag, lastModified: response.lastModified),
                        item: request.url)
                    pages.put(FetchedPage(context: context, contentType: response.contentType, body: response.body))
                case .failure(let error):
                    if error.code == .cancelled { return }
                    // Passing failures are tried again by the next run of a backfill.
                    let passing =
                        error.isRetryable || error.code == .robotsUnreachable || error.code == .hostBackedOff
                    run.report(
                        ArticleError(
                            code: .fetch(error.code), stage: .fetch, url: request.url, passing: passing, cause: error),
                        item: request.url, source: source)
                }
            })
    }
}
