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
///  ┌──────────┐ q ┌─────────────┐ q ┌───────────────────────┐ q ┌───────────────────────┐
///  │ Fetcher  │──►│ HTMLCleaner │──►│ ParagraphDeduplicator │──►│ SiteBoilerplateFilter │──┐
///  │ (libcurl │   │  × N        │   │  × M                  │   │  (1, learns per host) │  │ q
///  │  multi)  │   │             │   │                       │   │                       │  │
///  └──────────┘   └─────────────┘   └───────────────────────┘   └───────────────────────┘  │
///                                ┌──────────────┐ q ┌────────────┐                          │
///               spool/new/ ◄──── │ SpoolWriter  │◄──│ Normalizer │◄─────────────────────────┘
///                                │ (1: revisions│   │  × K       │
///                                │  near-dups)  │   │            │
///                                └──────────────┘   └────────────┘
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
    private let quarantine: Quarantine
    private let lexicon: Lexicon

    /// `retryQuarantined`: fetch and process items that crashed earlier runs again.
    /// `lexicon`: the word lists the cleaner and the normaliser read (the bundled one unless a
    /// test hands in another).
    public init(
        configuration: Configuration, state: StateStore, spool: SpoolWriter, logger: Logger,
        retryQuarantined: Bool = false, lexicon: Lexicon = .bundled
    ) {
        self.lexicon = lexicon
        self.configuration = configuration
        self.state = state
        self.spool = spool
        self.logger = logger
        quarantine = Quarantine(state: state, retry: retryQuarantined)
    }

    /// Arms the crash journal for this process and counts the crashes an earlier run left in it.
    private func prepareQuarantine() throws {
        let directory = configuration.run.stateDir
        for item in try quarantine.absorbJournal(stateDirectory: directory) {
            logger.error(
                "an earlier run crashed on this article",
                metadata: [
                    "article.url": "\(item)", "crashes": "\((try? state.crashCount(item: item)) ?? 0)",
                    "quarantined_at": "\(Quarantine.crashLimit)",
                ])
        }
        CrashJournal.install(stateDirectory: directory)
    }

    /// Whether an item is skipped as `crashed`; counts and logs it when it is.
    private func skipQuarantined(_ item: String, counter: SummaryCounter, tracker: ItemTracker) -> Bool {
        guard quarantine.isQuarantined(item) else { return false }
        counter.skip("crashed")
        logger.warning(
            "article skipped",
            metadata: [
                "article.url": "\(item)",
                "reason": "crashed: took down \(Quarantine.crashLimit) runs; --retry-quarantined tries it",
            ])
        tracker.finished(item, permanent: false, failed: false)
        return true
    }

    private var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Deepest chain of documents followed from a source (index -> sitemap, page -> feed).
    static let maxDiscoveryDepth = 3
    /// Documents read per source at most (a sitemap index may name thousands).
    static let maxDocumentsPerSource = 1000

    /// Reads every source's feeds, sitemaps and home pages (following sitemap indexes and
    /// announced feeds) and returns the article URLs they name, in order, each once.
    /// Entries outside `window`, or older than a source's `max_age_days`, are left out.
    public func discover(sources: [SourceConfig], counter: SummaryCounterHandle, window: DateWindow = .all) throws
        -> [ArticleRequest]
    {
        struct Pending {
            var url: String
            var source: SourceConfig
            var depth: Int
        }
        let fetcher = try HTTPFetcher(options: FetchOptions(configuration.fetch), robotsCache: state)
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
                    return FetchRequest(url: item.url, kind: .document)
                },
                completion: { request, result in
                    guard let item = byURL.removeValue(forKey: request.url) else { return }
                    counter.counter.update { $0.feeds += 1 }
                    do {
                        let response = try result.get()
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
                                url: request.url,
                                detail: "an HTML page that announces no feed (<link rel=\"alternate\">)")
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
        logger.info(
            "discovery done",
            metadata: [
                "sources": "\(sources.count)", "articles": "\(requests.count)", "outside_window": "\(outsideWindow)",
            ])
        return requests
    }

    /// One cron run: discovery, then every article through the stages into the spool.
    public func run(cancellation: CancellationFlag) throws -> RunSummary {
        let counter = SummaryCounterHandle()
        let requests = try discover(sources: configuration.sources, counter: counter)
        let tracker = ItemTracker(checkpoint: nil, progress: nil)
        try fetchAndProcess(requests, cancellation: cancellation, counter: counter, tracker: tracker)
        return finishedSummary(counter, cancellation: cancellation, tracker: tracker)
    }

    /// A backfill: the given URLs through the same stages into the same spool. With a
    /// checkpoint, URLs an earlier run of the job finished are not fetched again.
    public func backfill(
        _ requests: [ArticleRequest], cancellation: CancellationFlag, checkpoint: BackfillCheckpoint? = nil,
        progress: ProgressReporter? = nil
    ) throws -> RunSummary {
        let counter = SummaryCounterHandle()
        counter.counter.update { $0.discovered = requests.count }
        return try fetchBackfill(
            requests, counter: counter, cancellation: cancellation, checkpoint: checkpoint, progress: progress)
    }

    /// A backfill from sitemaps: every article they list (following indexes) whose date falls
    /// in `window`, attributed to `source` when given.
    public func backfill(
        sitemaps: [String], window: DateWindow, source: SourceConfig?, cancellation: CancellationFlag,
        checkpoint: BackfillCheckpoint? = nil, progress: ProgressReporter? = nil
    ) throws -> RunSummary {
        let counter = SummaryCounterHandle()
        let discovery = sitemaps.enumerated().map { index, url in SourceConfig(id: "sitemap-\(index)", sitemap: url) }
        let requests = try discover(sources: discovery, counter: counter, window: window).map {
            ArticleRequest(url: $0.url, source: source)
        }
        // A sitemap that could not be read may list more: the job is not finished.
        return try fetchBackfill(
            requests, counter: counter, cancellation: cancellation, checkpoint: checkpoint, progress: progress,
            unfinished: counter.counter.value.feedsFailed > 0)
    }

    /// Fetches a backfill's requests with its checkpoint and progress, and sums it up.
    private func fetchBackfill(
        _ requests: [ArticleRequest], counter: SummaryCounterHandle, cancellation: CancellationFlag,
        checkpoint: BackfillCheckpoint?,
        progress: ProgressReporter?, unfinished: Bool = false
    ) throws -> RunSummary {
        progress?.setTotal(requests.count)
        progress?.start()
        defer { progress?.stop() }
        let tracker = ItemTracker(checkpoint: checkpoint, progress: progress)
        if unfinished { tracker.unfinished() }
        try fetchAndProcess(requests, cancellation: cancellation, counter: counter, tracker: tracker)
        return finishedSummary(counter, cancellation: cancellation, tracker: tracker)
    }

    /// A backfill from WARC archives (`response` records holding HTML): no network at all.
    /// Records an earlier run of the job finished are skipped.
    public func backfill(
        archives paths: [String], source: SourceConfig?, cancellation: CancellationFlag,
        checkpoint: BackfillCheckpoint? = nil,
        progress: ProgressReporter? = nil
    ) throws -> RunSummary {
        let handle = SummaryCounterHandle()
        let counter = handle.counter
        let tracker = ItemTracker(checkpoint: checkpoint, progress: progress)
        let totalBytes = paths.reduce(0) {
            $0 + (((try? FileManager.default.attributesOfItem(atPath: $1)[.size]) as? Int) ?? 0)
        }
        progress?.start()
        defer { progress?.stop() }
        try prepareQuarantine()
        try withStages(cancellation: cancellation, counter: counter, tracker: tracker) { fetched in
            var bytesBefore = 0
            for path in paths {
                if cancellation.isCancelled { break }
                let reader: WARCReader
                do {
                    reader = try WARCReader(path: path, maxRecordBytes: configuration.fetch.maxBodyBytes + 64 * 1024)
                } catch {
                    counter.fail("archive", "unreadable")
                    logger.error("archive failed", metadata: ["archive": "\(path)", "reason": "\(error)"])
                    tracker.unfinished()
                    continue
                }
                while !cancellation.isCancelled {
                    let record: WARCRecord
                    do {
                        guard let next = try reader.next() else { break }
                        record = next
                    } catch {
                        // The rest of this file cannot be framed; the other files go on.
                        counter.fail("archive", "malformed")
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
                    let item = "\(path)#\(record.ordinal)"
                    if let checkpoint, checkpoint.isDone(item) {
                        counter.update { $0.alreadyDone += 1 }
                        continue
                    }
                    if skipQuarantined(item, counter: counter, tracker: tracker) { continue }
                    counter.update { $0.discovered += 1 }
                    let context = PageContext(source: source, requestURL: uri, finalURL: uri, item: item)
                    if record.oversized {
                        counter.fail("archive", "body_too_large")
                        tracker.finished(context.item, permanent: true, failed: true)
                        continue
                    }
                    let response: ArchivedResponse
                    do {
                        response = try ArchivedResponse(
                            block: record.block, maxBodyBytes: configuration.fetch.maxBodyBytes)
                    } catch {
                        counter.fail("archive", "bad_record")
                        logger.warning(
                            "article failed",
                            metadata: ["article.url": "\(uri)", "stage": "archive", "reason": "\(error)"])
                        tracker.finished(context.item, permanent: true, failed: true)
                        continue
                    }
                    guard (200..<300).contains(response.status) else {
                        counter.skip("archived_status_\(response.status / 100)xx")
                        tracker.finished(context.item, permanent: true, failed: false)
                        continue
                    }
                    if let type = response.contentType, !Transfer.isHTML(type) {
                        counter.skip(FetchError.Code.notHTML.rawValue)
                        tracker.finished(context.item, permanent: true, failed: false)
                        continue
                    }
                    counter.update { $0.fetched += 1 }
                    var page = context
                    page.status = response.status
                    fetched.put(FetchedPage(context: page, contentType: response.contentType, body: response.body))
                }
                bytesBefore += reader.fileBytesRead
            }
        }
        return finishedSummary(handle, cancellation: cancellation, tracker: tracker)
    }

    /// The checkpoint of the backfill job `description` names, kept in this pipeline's state.
    public func checkpoint(for description: String, restart: Bool) throws -> BackfillCheckpoint {
        try BackfillCheckpoint(store: state, description: description, restart: restart)
    }

    /// The run's summary; a backfill job that left nothing for a next run is marked finished.
    private func finishedSummary(_ handle: SummaryCounterHandle, cancellation: CancellationFlag, tracker: ItemTracker)
        -> RunSummary
    {
        var summary = handle.counter.value
        summary.interrupted = cancellation.isCancelled
        if let checkpoint = tracker.checkpoint, !summary.interrupted, tracker.leftForNextRun == 0 {
            do {
                try checkpoint.finish()
            } catch {
                logger.error("backfill checkpoint not saved", metadata: ["reason": "\(error)"])
            }
        }
        return summary
    }

    /// Fetches `requests` (skipping what the checkpoint says is done) into the stages.
    private func fetchAndProcess(
        _ requests: [ArticleRequest], cancellation: CancellationFlag, counter handle: SummaryCounterHandle,
        tracker: ItemTracker
    ) throws {
        let counter = handle.counter
        try prepareQuarantine()
        try withStages(cancellation: cancellation, counter: counter, tracker: tracker) { fetched in
            // The fetcher runs here, on the calling thread, driving all transfers.
            let fetcher = try HTTPFetcher(options: FetchOptions(configuration.fetch), robotsCache: state)
            var iterator = requests.makeIterator()
            var sourceByURL: [String: SourceConfig?] = [:]
            fetcher.run(
                next: { [self] in
                    while let request = iterator.next() {
                        if let checkpoint = tracker.checkpoint, checkpoint.isDone(request.url) {
                            counter.update { $0.alreadyDone += 1 }
                            continue
                        }
                        if skipQuarantined(request.url, counter: counter, tracker: tracker) { continue }
                        sourceByURL[request.url] = request.source
                        let validators = try? state.validators(for: request.url)
                        return FetchRequest(
                            url: request.url, etag: validators?.etag, lastModified: validators?.lastModified)
                    }
                    return nil
                },
                isCancelled: { cancellation.isCancelled },
                completion: { [self] request, result in
                    let source = sourceByURL.removeValue(forKey: request.url) ?? nil
                    switch result {
                    case .success(let response) where response.notModified:
                        counter.update { $0.unchanged += 1 }
                        logger.debug("not modified", metadata: ["article.url": "\(request.url)"])
                        tracker.finished(request.url, permanent: true, failed: false)
                    case .success(let response):
                        counter.update { $0.fetched += 1 }
                        let context = PageContext(
                            source: source, requestURL: request.url, finalURL: response.finalURL,
                            status: response.status,
                            validators: Validators(etag: response.etag, lastModified: response.lastModified),
                            item: request.url)
                        fetched.put(
                            FetchedPage(context: context, contentType: response.contentType, body: response.body))
                    case .failure(let error) where error.isSkip:
                        counter.skip(error.code.rawValue)
                        logger.info(
                            "article skipped", metadata: ["article.url": "\(request.url)", "reason": "\(error)"])
                        tracker.finished(request.url, permanent: true, failed: false)
                    case .failure(let error):
                        if error.code == .cancelled { return }
                        counter.fail("fetch", error.code.rawValue)
                        logger.warning(
                            "article failed",
                            metadata: ["article.url": "\(request.url)", "stage": "fetch", "reason": "\(error)"])
                        // Passing failures are tried again by the next run of a backfill.
                        let passing =
                            error.isRetryable || error.code == .robotsUnreachable || error.code == .hostBackedOff
                        tracker.finished(request.url, permanent: !passing, failed: true)
                    }
                })
        }
    }

    /// Starts every stage after the fetch, runs `feed` (which puts pages into the first queue)
    /// on the calling thread, then drains the stages and rethrows a spool or state failure.
    private func withStages(
        cancellation: CancellationFlag, counter: SummaryCounter, tracker: ItemTracker,
        feed: (BoundedQueue<FetchedPage>) throws -> Void
    ) throws {
        let settings = configuration.pipeline
        let capacity = settings.queueCapacity
        let fetched = BoundedQueue<FetchedPage>(capacity: capacity)
        let cleaned = BoundedQueue<CleanedPage>(capacity: capacity)
        let deduplicated = BoundedQueue<CleanedPage>(capacity: capacity)
        let filtered = BoundedQueue<CleanedPage>(capacity: capacity)
        let normalized = BoundedQueue<NormalizedPage>(capacity: capacity)
        let fatal = FatalErrorBox()

        let zone = TimeZone(identifier: configuration.normalize.defaultTimezone) ?? TimeZone(identifier: "UTC")!
        let halt = Halt(fatal: fatal, cancellation: cancellation, logger: logger)
        connect(
            HTMLCleaner(maxInputBytes: configuration.fetch.maxBodyBytes, lexicon: lexicon),
            workers: settings.cleanWorkers == 0 ? cores : settings.cleanWorkers,
            from: fetched, to: cleaned, counter: counter, tracker: tracker, halt: halt)
        let normalizer = Normalizer(
            defaultTimezone: zone,
            canonicalizer: URLCanonicalizer(trackingParameters: configuration.dedupe.trackingParameters),
            lexicon: lexicon)
        connect(
            ParagraphDeduplicator(configuration.dedupe), workers: settings.dedupeWorkers, from: cleaned,
            to: deduplicated, counter: counter,
            tracker: tracker, halt: halt)
        connect(
            SiteBoilerplateFilter(store: state, normalizer: normalizer, settings: configuration.dedupe), workers: 1,
            from: deduplicated, to: filtered, counter: counter, tracker: tracker, halt: halt)
        connect(
            normalizer, workers: settings.normalizeWorkers == 0 ? cores : settings.normalizeWorkers,
            from: filtered, to: normalized, counter: counter, tracker: tracker, halt: halt)
        let writerDone = DispatchGroup()
        writerDone.enter()
        DispatchQueue(label: "newsingest.spool").async { [self] in
            defer { writerDone.leave() }
            CrashJournal.joinAsWorker()
            while let page = normalized.take() {
                if halt.isHalted { continue }  // drain so upstream never blocks forever
                do {
                    try CrashJournal.holding(page.context.key) {
                        try deliver(page, counter: counter)
                        try tracker.delivered(page.context.item)
                    }
                } catch {
                    halt.stop(error, url: page.context.requestURL, stage: "spool")
                }
            }
        }
        let fed = Result { try feed(fetched) }
        fetched.close()
        writerDone.wait()
        if let error = fatal.error { throw error }
        try fed.get()
    }

    /// Decides new/changed/unchanged and near-duplicate, writes the record, then remembers it.
    private func deliver(_ page: NormalizedPage, counter: SummaryCounter) throws {
        var record = page.record
        let status = try state.status(id: record.id, contentHash: record.contentHash)
        if status == .unchanged {
            counter.update { $0.unchanged += 1 }
            try state.touch(id: record.id)
        } else {
            if let match = try state.nearestDuplicate(
                of: page.fingerprint, excluding: record.id, threshold: configuration.dedupe.articleSimilarity)
            {
                record.duplicateOf = match.id
                record.similarity = (match.similarity * 1000).rounded() / 1000
            }
            if case .changed(let revision) = status { record.revision = revision }
            if record.duplicateOf != nil, configuration.dedupe.duplicatePolicy == .drop {
                counter.update { $0.duplicatesDropped += 1 }
                logger.info(
                    "near-duplicate dropped",
                    metadata: ["article.url": "\(page.context.requestURL)", "duplicate_of": "\(record.duplicateOf!)"])
            } else {
                try spool.write(record)
                counter.update {
                    $0.written += 1
                    if record.duplicateOf != nil { $0.duplicatesFlagged += 1 }
                }
                if record.revision > 1 {
                    logger.info(
                        "article changed",
                        metadata: ["article.url": "\(page.context.requestURL)", "revision": "\(record.revision)"])
                }
            }
            // A dropped duplicate is remembered too: its next fetch is "unchanged", not new work.
            try state.commit(record)
            try state.storeFingerprint(id: record.id, fingerprint: page.fingerprint, duplicateOf: record.duplicateOf)
        }
        try state.recordFetch(
            url: page.context.requestURL, validators: page.context.validators, status: page.context.status,
            articleID: record.id)
    }

    /// Runs `workers` copies of a stage between two queues; closes `output` when all are done.
    private func connect<S: PipelineStage>(
        _ stage: S, workers: Int, from input: BoundedQueue<S.Input>, to output: BoundedQueue<S.Output>,
        counter: SummaryCounter,
        tracker: ItemTracker, halt: Halt
    ) where S.Input: HasPageContext {
        let group = DispatchGroup()
        let logger = self.logger
        let budget = configuration.pipeline.maxPageSeconds
        for worker in 0..<max(1, workers) {
            group.enter()
            DispatchQueue(label: "newsingest.\(stage.name).\(worker)").async {
                defer { group.leave() }
                CrashJournal.joinAsWorker()
                while let item = input.take() {
                    if halt.isHalted { continue }  // drain, so that upstream never blocks
                    do {
                        output.put(
                            try CrashJournal.holding(item.pageContext.key) {
                                try PageBudget.run(seconds: budget) { try stage.process(item) }
                            })
                    } catch let error where Halt.isDeliveryFailure(error) {
                        // The state or the spool failed, not the article: stop delivering (74)
                        // and leave the item open, so a resumed backfill tries it again.
                        halt.stop(error, url: item.pageContext.requestURL, stage: stage.name)
                    } catch let skip as ArticleSkip {
                        counter.skip(skip.reason)
                        tracker.finished(item.pageContext.item, permanent: true, failed: false)
                        logger.info(
                            "article skipped",
                            metadata: [
                                "article.url": "\(item.pageContext.requestURL)", "stage": "\(stage.name)",
                                "reason": "\(skip.reason)",
                            ])
                    } catch {
                        let overBudget = error is PageBudget.Exceeded ? "time_budget" : nil
                        let reason = (error as? ArticleFailure)?.reason ?? overBudget ?? "\(error)"
                        counter.fail(stage.name, reason)
                        // The same page fails the same way: no retry.
                        tracker.finished(item.pageContext.item, permanent: true, failed: true)
                        logger.warning(
                            "article failed",
                            metadata: [
                                "article.url": "\(item.pageContext.requestURL)", "stage": "\(stage.name)",
                                "reason": "\(reason)",
                            ])
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

/// Where an item's end is recorded: the backfill checkpoint (when the end is final) and the
/// progress line.
final class ItemTracker: Sendable {
    let checkpoint: BackfillCheckpoint?
    let progress: ProgressReporter?

    init(checkpoint: BackfillCheckpoint?, progress: ProgressReporter?) {
        self.checkpoint = checkpoint
        self.progress = progress
    }

    /// Items (or whole archives) left for the next run of the job: while any are, the job is
    /// not finished.
    private let left = Locked(0)

    var leftForNextRun: Int { left.current }

    /// Something the next run of the job must do again (a file that could not be read to its end).
    func unfinished() { left.withLock { $0 += 1 } }

    /// An item ended before the spool. `permanent`: another try would end the same way.
    func finished(_ item: String?, permanent: Bool, failed: Bool) {
        progress?.advance(failed: failed)
        if !permanent { unfinished() }
        guard permanent, let item, let checkpoint else { return }
        // Not recorded: the item is simply tried again by the next run of the job.
        try? checkpoint.markDone(item)
    }

    /// An item reached the spool (or was unchanged): recorded after its record and state.
    func delivered(_ item: String?) throws {
        progress?.advance()
        if let item, let checkpoint { try checkpoint.markDone(item) }
    }
}

/// How a run stops when the state or the spool fails: the first such error is kept (the
/// run rethrows it: exit 74), no new fetches start, and every stage drains without work.
private struct Halt: Sendable {
    let fatal: FatalErrorBox
    let cancellation: CancellationFlag
    let logger: Logger

    var isHalted: Bool { fatal.error != nil }

    func stop(_ error: Error, url: String, stage: String) {
        fatal.set(error)
        cancellation.cancel()
        logger.critical(
            "spool or state failed; stopping",
            metadata: ["reason": "\(error)", "article.url": "\(url)", "stage": "\(stage)"])
    }

    /// Failures of where articles are delivered and remembered, never of the article itself.
    static func isDeliveryFailure(_ error: Error) -> Bool { error is StateError || error is SpoolError }
}

/// The first fatal error of a run, set by the spool writer.
private final class FatalErrorBox: Sendable {
    private let stored = Locked<Error?>(nil)

    func set(_ error: Error) { stored.withLock { if $0 == nil { $0 = error } } }

    var error: Error? { stored.current }
}
