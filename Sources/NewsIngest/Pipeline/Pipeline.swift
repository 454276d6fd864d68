import Foundation
import Logging

/// An article URL to fetch, with the source it belongs to.
public struct ArticleRequest: Sendable, Equatable {
    public var url: String
    public var source: SourceConfig?

    public init(url: String, source: SourceConfig? = nil) {
        self.url = url
        self.source = source
    }
}

/// The NewsIngest pipeline.
///
/// ```
///  sources ──► discovery (RSS, Atom, JSON Feed, sitemaps, autodiscovery; libxml2)
///                 │ article URLs (+ validators from state)
///                 ▼
///  ┌──────────┐ q ┌─────────────┐ q ┌───────────────────────┐ q ┌───────────────────────┐ q ┌────────────┐ q ┌──────────────┐
///  │ Fetcher  │──►│ HTMLCleaner │──►│ ParagraphDeduplicator │──►│ SiteBoilerplateFilter │──►│ Normalizer │──►│ SpoolWriter  │──► spool/new/
///  │ (libcurl │   │  × N        │   │  × M                  │   │  (1, learns per host) │   │  × K       │   │ (1: revisions│
///  │  multi)  │   │             │   │                       │   │                       │   │            │   │  near-dups)  │
///  └──────────┘   └─────────────┘   └───────────────────────┘   └───────────────────────┘   └────────────┘   └──────────────┘
/// ```
/// Each arrow is a ``BoundedQueue``: when it is full the stage upstream waits, so memory stays
/// flat for any number of articles. Each worker runs on a serial `DispatchQueue` of its own
/// (they block on the hand-offs, so they must not borrow the shared concurrent pool). The
/// fetcher drives all transfers from one thread with curl's multi interface.
///
/// A failing article is counted, logged with its URL and reason, and skipped. Only a spool or
/// state failure stops the run. Cancellation (SIGINT/SIGTERM) stops new fetches; what is
/// already fetched flows to the spool, and no record is ever half-written.
public final class Pipeline: Sendable {
    public let configuration: Configuration
    private let state: StateStore
    private let spool: SpoolWriter
    private let logger: Logger

    public init(configuration: Configuration, state: StateStore, spool: SpoolWriter, logger: Logger) {
        self.configuration = configuration
        self.state = state
        self.spool = spool
        self.logger = logger
    }

    private var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Deepest chain of documents followed from a source (index -> sitemap, page -> feed).
    static let maxDiscoveryDepth = 3
    /// Documents read per source at most (a sitemap index may name thousands).
    static let maxDocumentsPerSource = 1000

    /// Reads every source's feeds, sitemaps and home pages (following sitemap indexes and
    /// announced feeds) and returns the article URLs they name, in order, each once.
    /// Entries outside `window`, or older than a source's `max_age_days`, are left out.
    public func discover(sources: [SourceConfig], counter: SummaryCounterHandle, window: DateWindow = .all) throws -> [ArticleRequest] {
        struct Pending {
            var url: String
            var source: SourceConfig
            var depth: Int
        }
        let fetcher = try HTTPFetcher(options: FetchOptions(configuration.fetch), robotsCache: state)
        var round = sources.flatMap { source in source.discoveryURLs.map { Pending(url: $0, source: source, depth: 0) } }
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
                    return FetchRequest(url: item.url, kind: .document)
                },
                completion: { request, result in
                    guard let item = byURL.removeValue(forKey: request.url) else { return }
                    counter.counter.update { $0.feeds += 1 }
                    do {
                        let response = try result.get()
                        let document = try FeedParser.parseDocument(response.body, url: response.finalURL)
                        entriesPerSource[item.source.id, default: []] += document.entries
                        for next in document.follow {
                            guard item.depth + 1 < Self.maxDiscoveryDepth,
                                documentsPerSource[item.source.id, default: 0] + nextRound.count < Self.maxDocumentsPerSource
                            else {
                                logger.warning("discovery limit reached; document not read", metadata: ["document.url": "\(next.url)", "source": "\(item.source.id)"])
                                continue
                            }
                            if document.format == .sitemapIndex, !window.mayContain(documentModified: next.date?.date) {
                                continue
                            }
                            nextRound.append(Pending(url: next.url, source: item.source, depth: item.depth + 1))
                        }
                        if document.format == .htmlPage, document.follow.isEmpty {
                            throw FeedError(url: request.url, detail: "an HTML page that announces no feed (<link rel=\"alternate\">)")
                        }
                    } catch {
                        counter.counter.update { $0.feedsFailed += 1 }
                        logger.error("feed failed", metadata: ["feed.url": "\(request.url)", "reason": "\(error)"])
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
        counter.counter.update { $0.discovered += requests.count }
        logger.info("discovery done", metadata: ["sources": "\(sources.count)", "articles": "\(requests.count)", "outside_window": "\(outsideWindow)"])
        return requests
    }

    /// One cron run: discovery, then every article through the stages into the spool.
    public func run(cancellation: CancellationFlag) throws -> RunSummary {
        let counter = SummaryCounterHandle()
        let requests = try discover(sources: configuration.sources, counter: counter)
        try process(requests, cancellation: cancellation, counter: counter)
        var summary = counter.counter.value
        summary.interrupted = cancellation.isCancelled
        return summary
    }

    /// A backfill: the given URLs through the same stages into the same spool.
    public func backfill(_ requests: [ArticleRequest], cancellation: CancellationFlag) throws -> RunSummary {
        let counter = SummaryCounterHandle()
        counter.counter.update { $0.discovered = requests.count }
        try process(requests, cancellation: cancellation, counter: counter)
        var summary = counter.counter.value
        summary.interrupted = cancellation.isCancelled
        return summary
    }

    private func process(_ requests: [ArticleRequest], cancellation: CancellationFlag, counter handle: SummaryCounterHandle) throws {
        let counter = handle.counter
        let settings = configuration.pipeline
        let capacity = settings.queueCapacity
        let fetched = BoundedQueue<FetchedPage>(capacity: capacity)
        let cleaned = BoundedQueue<CleanedPage>(capacity: capacity)
        let deduplicated = BoundedQueue<CleanedPage>(capacity: capacity)
        let filtered = BoundedQueue<CleanedPage>(capacity: capacity)
        let normalized = BoundedQueue<NormalizedPage>(capacity: capacity)
        let fatal = FatalErrorBox()

        let zone = TimeZone(identifier: configuration.normalize.defaultTimezone) ?? TimeZone(identifier: "UTC")!
        connect(HTMLCleaner(maxInputBytes: configuration.fetch.maxBodyBytes), workers: settings.cleanWorkers == 0 ? cores : settings.cleanWorkers,
            from: fetched, to: cleaned, counter: counter)
        let normalizer = Normalizer(defaultTimezone: zone, canonicalizer: URLCanonicalizer(trackingParameters: configuration.dedupe.trackingParameters))
        connect(ParagraphDeduplicator(configuration.dedupe), workers: settings.dedupeWorkers, from: cleaned, to: deduplicated, counter: counter)
        connect(SiteBoilerplateFilter(store: state, normalizer: normalizer, settings: configuration.dedupe), workers: 1,
            from: deduplicated, to: filtered, counter: counter)
        connect(normalizer, workers: settings.normalizeWorkers == 0 ? cores : settings.normalizeWorkers,
            from: filtered, to: normalized, counter: counter)
        let writerDone = DispatchGroup()
        writerDone.enter()
        DispatchQueue(label: "newsingest.spool").async { [self] in
            defer { writerDone.leave() }
            while let page = normalized.take() {
                if fatal.error != nil { continue }  // drain so upstream never blocks forever
                do {
                    try deliver(page, counter: counter)
                } catch {
                    fatal.set(error)
                    cancellation.cancel()
                    logger.critical("spool or state failed; stopping", metadata: ["reason": "\(error)"])
                }
            }
        }

        // The fetcher runs here, on the calling thread, driving all transfers.
        let fetcher = try HTTPFetcher(options: FetchOptions(configuration.fetch), robotsCache: state)
        var iterator = requests.makeIterator()
        var sourceByURL: [String: SourceConfig?] = [:]
        fetcher.run(
            next: { [self] in
                guard let request = iterator.next() else { return nil }
                sourceByURL[request.url] = request.source
                let validators = try? state.validators(for: request.url)
                return FetchRequest(url: request.url, etag: validators?.etag, lastModified: validators?.lastModified)
            },
            isCancelled: { cancellation.isCancelled },
            completion: { [self] request, result in
                let source = sourceByURL.removeValue(forKey: request.url) ?? nil
                switch result {
                case .success(let response) where response.notModified:
                    counter.update { $0.unchanged += 1 }
                    logger.debug("not modified", metadata: ["article.url": "\(request.url)"])
                case .success(let response):
                    counter.update { $0.fetched += 1 }
                    let context = PageContext(
                        source: source, requestURL: request.url, finalURL: response.finalURL, status: response.status,
                        validators: Validators(etag: response.etag, lastModified: response.lastModified))
                    fetched.put(FetchedPage(context: context, contentType: response.contentType, body: response.body))
                case .failure(let error) where error.isSkip:
                    counter.skip(error.code.rawValue)
                    logger.info("article skipped", metadata: ["article.url": "\(request.url)", "reason": "\(error)"])
                case .failure(let error):
                    if error.code == .cancelled { return }
                    counter.fail("fetch", error.code.rawValue)
                    logger.warning("article failed", metadata: ["article.url": "\(request.url)", "stage": "fetch", "reason": "\(error)"])
                }
            })
        fetched.close()
        writerDone.wait()
        if let error = fatal.error { throw error }
    }

    /// Decides new/changed/unchanged and near-duplicate, writes the record, then remembers it.
    private func deliver(_ page: NormalizedPage, counter: SummaryCounter) throws {
        var record = page.record
        let status = try state.status(id: record.id, contentHash: record.contentHash)
        if status == .unchanged {
            counter.update { $0.unchanged += 1 }
            try state.touch(id: record.id)
        } else {
            if let match = try state.nearestDuplicate(of: page.fingerprint, excluding: record.id, threshold: configuration.dedupe.articleSimilarity) {
                record.duplicateOf = match.id
                record.similarity = (match.similarity * 1000).rounded() / 1000
            }
            if case .changed(let revision) = status { record.revision = revision }
            if record.duplicateOf != nil, configuration.dedupe.duplicatePolicy == .drop {
                counter.update { $0.duplicatesDropped += 1 }
                logger.info("near-duplicate dropped", metadata: ["article.url": "\(page.context.requestURL)", "duplicate_of": "\(record.duplicateOf!)"])
            } else {
                try spool.write(record)
                counter.update {
                    $0.written += 1
                    if record.duplicateOf != nil { $0.duplicatesFlagged += 1 }
                }
                if record.revision > 1 {
                    logger.info("article changed", metadata: ["article.url": "\(page.context.requestURL)", "revision": "\(record.revision)"])
                }
            }
            // A dropped duplicate is remembered too: its next fetch is "unchanged", not new work.
            try state.commit(record)
            try state.storeFingerprint(id: record.id, fingerprint: page.fingerprint, duplicateOf: record.duplicateOf)
        }
        try state.recordFetch(url: page.context.requestURL, validators: page.context.validators, status: page.context.status, articleID: record.id)
    }

    /// Runs `workers` copies of a stage between two queues; closes `output` when all are done.
    private func connect<S: PipelineStage>(
        _ stage: S, workers: Int, from input: BoundedQueue<S.Input>, to output: BoundedQueue<S.Output>, counter: SummaryCounter
    ) where S.Input: HasPageContext {
        let group = DispatchGroup()
        let logger = self.logger
        for worker in 0..<max(1, workers) {
            group.enter()
            DispatchQueue(label: "newsingest.\(stage.name).\(worker)").async {
                defer { group.leave() }
                while let item = input.take() {
                    do {
                        output.put(try stage.process(item))
                    } catch {
                        let reason = (error as? ArticleFailure)?.reason ?? "\(error)"
                        counter.fail(stage.name, reason)
                        logger.warning("article failed", metadata: ["article.url": "\(item.pageContext.requestURL)", "stage": "\(stage.name)", "reason": "\(reason)"])
                    }
                }
            }
        }
        group.notify(queue: DispatchQueue(label: "newsingest.\(stage.name).close")) { output.close() }
    }
}

/// Items that know which page they belong to (for failure logs).
public protocol HasPageContext {
    var pageContext: PageContext { get }
}

extension FetchedPage: HasPageContext { public var pageContext: PageContext { context } }
extension CleanedPage: HasPageContext { public var pageContext: PageContext { context } }

/// A reference to the run's counters that discovery and processing share.
public final class SummaryCounterHandle: Sendable {
    let counter = SummaryCounter()
    public init() {}
}

/// The first fatal error of a run, set by the spool writer.
private final class FatalErrorBox: Sendable {
    private let stored = Locked<Error?>(nil)

    func set(_ error: Error) { stored.withLock { if $0 == nil { $0 = error } } }

    var error: Error? { stored.current }
}
