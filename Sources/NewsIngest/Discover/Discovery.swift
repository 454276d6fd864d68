import Foundation
import Logging

/// The discovery source: reads every source's feeds, sitemaps and home pages (following sitemap
/// indexes and the feeds a page announces) and gives the article URLs they name. It fetches with
/// a fetcher of its own (documents, not articles) before the article stages start.
struct Discovery: Sendable {
    let options: FetchOptions
    let robots: any RobotsCache
    let logger: Logger
    /// Where the validators of earlier fetches are: with one, documents are fetched with
    /// conditional GETs, and a 304 lists nothing (its entries were read when it last changed).
    var ledger: (any ArticleLedger)?

    /// A document read whole, with the validators to send next time.
    struct Document: Sendable, Equatable {
        var url: String
        var source: String
        var validators: Validators
    }

    /// Deepest chain of documents followed from a source (index -> sitemap, page -> feed).
    static let maxDiscoveryDepth = 3
    /// Documents read per source at most (a sitemap index may name thousands).
    static let maxDocumentsPerSource = 1000

    /// Reads every source's feeds, sitemaps and home pages (following sitemap indexes and
    /// announced feeds) and returns the article URLs they name, in order, each once.
    /// Entries outside `window`, or older than a source's `max_age_days`, are left out.
    func discover(sources: [SourceConfig], counter: SummaryCounter, window: DateWindow = .all) throws
        -> [ArticleRequest]
    {
        try discoverDocuments(sources: sources, counter: counter, window: window).requests
    }

    /// As ``discover(sources:counter:window:)``, with the documents read whole and their validators.
    func discoverDocuments(sources: [SourceConfig], counter: SummaryCounter, window: DateWindow = .all) throws
        -> (requests: [ArticleRequest], documents: [Document])
    {
        var documents: [Document] = []
        struct Pending {
            var url: String
            var source: SourceConfig
            var depth: Int
        }
        let fetcher = try HTTPFetcher(options: options, robotsCache: robots)
        fetcher.onTransfer = { status, bytes in counter.update { $0.countTransfer(status: status, bytes: bytes) } }
        var round = sources.flatMap { source in source.discoveryURLs.map { Pending(url: $0, source: source, depth: 0) }
        }
        var visited = Set<String>()
        var documentsPerSource: [String: Int] = [:]
        var entriesPerSource: [String: [FeedEntry]] = [:]
        var outsideWindow = 0
        while !round.isEmpty {
            var pending = round.filter { visited.insert($0.url).inserted }.makeIterator()
            var byURL: [String: Pending] = [:]
            var nextRound: [Pending] = []
            fetcher.run(
                next: {
                    guard let item = pending.next() else { return nil }
                    byURL[item.url] = item
                    documentsPerSource[item.source.id, default: 0] += 1
                    let validators = try? ledger?.validators(for: item.url)
                    return FetchRequest(
                        url: item.url, etag: validators?.etag, lastModified: validators?.lastModified, kind: .document)
                },
                completion: { request, result in
                    guard let item = byURL.removeValue(forKey: request.url) else { return }
                    var failed = false
                    var notModified = false
                    defer {
                        counter.update {
                            $0.countFeed(source: item.source.id, failed: failed, notModified: notModified)
                        }
                    }
                    do {
                        let response = try result.get()
                        if response.notModified {
                            notModified = true
                            logger.debug(
                                "feed not modified",
                                metadata: ["feed.url": "\(request.url)", "source": "\(item.source.id)"])
                            return
                        }
                        let document = try FeedParser.parseDocument(response.body, url: response.finalURL)
                        if let damage = document.damage {
                            logger.warning(
                                "feed damaged; what could be read is used",
                                metadata: [
                                    "feed.url": "\(request.url)", "damage": "\(damage)",
                                    "entries": "\(document.entries.count)",
                                ])
                        }
                        entriesPerSource[item.source.id, default: []] += document.entries
                        for next in document.follow {
                            guard item.depth + 1 < Self.maxDiscoveryDepth,
                                documentsPerSource[item.source.id, default: 0] + nextRound.count
                                    < Self.maxDocumentsPerSource
                            else {
                                logger.warning(
                                    "discovery limit reached; document not read",
                                    metadata: ["document.url": "\(next.url)", "source": "\(item.source.id)"])
                                continue
                            }
                            if document.format == .sitemapIndex, !window.mayContain(documentModified: next.date?.date) {
                                continue
                            }
                            nextRound.append(Pending(url: next.url, source: item.source, depth: item.depth + 1))
                        }
                        if document.format == .htmlPage, document.follow.isEmpty {
                            throw FeedError(
                                code: .notAFeed, url: request.url,
                                detail: "an HTML page that announces no feed (<link rel=\"alternate\">)")
                        }
                        // Only a document that could be used is remembered: one that failed is
                        // read whole again next run, and fails (or recovers) visibly.
                        let validators = Validators(etag: response.etag, lastModified: response.lastModified)
                        if validators.etag != nil || validators.lastModified != nil {
                            documents.append(Document(url: request.url, source: item.source.id, validators: validators))
                        }
                    } catch {
                        failed = true
                        let code = (error as? FeedError)?.code.rawValue ?? (error as? FetchError)?.code.rawValue
                        logger.error(
                            "feed failed",
                            metadata: [
                                "feed.url": "\(request.url)", "source": "\(item.source.id)",
                                "code": "\(code ?? "unexpected")", "reason": "\(error)",
                            ])
                    }
                })
            round = nextRound
        }
        var requests: [ArticleRequest] = []
        var seen = Set<String>()
        let now = Date()
        for source in sources {
            var sourceWindow = window
            if let days = source.maxAgeDays {
                let oldest = now.addingTimeInterval(-Double(days) * 86_400)
                sourceWindow.since = max(sourceWindow.since ?? oldest, oldest)
            }
            for entry in entriesPerSource[source.id] ?? [] where seen.insert(entry.url).inserted {
                // A source's own age limit leaves undated entries in; an explicit window does not.
                let date = entry.date?.date
                if window.isBounded ? !sourceWindow.contains(date) : (date != nil && !sourceWindow.contains(date)) {
                    outsideWindow += 1
                    continue
                }
                requests.append(ArticleRequest(url: entry.url, source: source))
            }
        }
        counter.update { $0.discovered += requests.count }
        logger.info(
            "discovery done",
            metadata: [
                "sources": "\(sources.count)", "articles": "\(requests.count)", "outside_window": "\(outsideWindow)",
            ])
        return (requests, documents)
    }
}
