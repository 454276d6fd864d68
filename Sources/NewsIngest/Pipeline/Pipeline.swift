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
///  sources ──► Discovery (RSS, Atom, JSON Feed, sitemaps, autodiscovery; libxml2)
///                 │ article URLs (+ validators from the ledger)
///                 ▼
///  ┌─────────────┐ q ┌─────────────┐ q ┌───────────────────────┐ q ┌───────────────────────┐
///  │ FetchSource │──►│ CleanStep   │──►│ ParagraphDeduplicator │──►│ SiteBoilerplateFilter │──┐
///  │ (libcurl    │   │ HTMLCleaner │   │  × M                  │   │  (1, learns per host) │  │ q
///  │  multi) or  │   │ + identity  │   │                       │   │                       │  │
///  │ArchiveSource│   │  × N        │   │                       │   │                       │  │
///  └─────────────┘   └─────────────┘   └───────────────────────┘   └───────────────────────┘  │
///                              ┌────────────────┐ q ┌────────────┐                             │
///             spool/new/ ◄──── │ RecordDelivery │◄──│ Normalizer │◄────────────────────────────┘
///                              │ (1: revisions, │   │  × K       │
///                              │  near-dups)    │   │            │
///                              └────────────────┘   └────────────┘
/// ```
/// Each arrow is a ``BoundedQueue``: when it is full the stage upstream waits, so memory stays
/// flat for any number of articles. Each worker runs on a serial `DispatchQueue` of its own
/// (they block on the hand-offs, so they must not borrow the shared concurrent pool). The
/// source runs on the calling thread; the fetch source drives all transfers from it with curl's
/// multi interface. The chain is typed (``StageChain``): each step's output is the next one's
/// input. The jobs (`run`, the backfills: `Jobs.swift`) differ only in their source.
///
/// A failing article is counted, logged with its URL and reason, and skipped. Only a spool or
/// state failure stops the run. Cancellation (SIGINT/SIGTERM) stops new fetches; what is
/// already fetched flows to the spool, and no record is ever half-written.
public final class Pipeline: Sendable {
    public let configuration: Configuration
    let state: any PipelineState
    let spool: SpoolWriter
    let logger: Logger
    private let quarantine: Quarantine
    private let lexicon: Lexicon

    /// `retryQuarantined`: fetch and process items that crashed earlier runs again.
    /// `lexicon`: the word lists the cleaner and the normaliser read (the bundled one unless a
    /// test hands in another).
    public init(
        configuration: Configuration, state: any PipelineState, spool: SpoolWriter, logger: Logger,
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

    private var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// How many workers each step of the chain runs (a run's settings; one each inline).
    struct Workers: Sendable {
        var clean = 1
        var dedupe = 1
        var normalize = 1
    }

    /// The steps between a source and the sink, in the order of the diagram, from the step that
    /// reads a page (``CleanStep``; ``TextParseStep`` for `extract --input-format text`). A run
    /// attaches them to its queues; `extract` takes each page through them inline
    /// (``Extractor``), with a site memory that holds nothing.
    static func steps<Reader: PipelineStage>(
        reading reader: Reader, workers: Workers, dedupe: Configuration.DedupeSettings,
        siteMemory: any BoilerplateMemory, normalizer: Normalizer
    ) -> StageChain<FetchedPage, NormalizedPage> where Reader.Input == FetchedPage, Reader.Output == CleanedPage {
        StageChain<FetchedPage, FetchedPage>()
            .then(reader, workers: workers.clean)
            .then(ParagraphDeduplicator(dedupe), workers: workers.dedupe)
            .then(SiteBoilerplateFilter(memory: siteMemory, settings: dedupe), workers: 1)
            .then(normalizer, workers: workers.normalize)
    }

    /// This run's steps.
    private func chain() -> StageChain<FetchedPage, NormalizedPage> {
        let settings = configuration.pipeline
        let zone = TimeZone(identifier: configuration.normalize.defaultTimezone) ?? TimeZone(identifier: "UTC")!
        let identifier = ArticleIdentifier(
            canonicalizer: URLCanonicalizer(trackingParameters: configuration.dedupe.trackingParameters))
        return Self.steps(
            reading: CleanStep(
                cleaner: HTMLCleaner(maxInputBytes: configuration.fetch.maxBodyBytes, lexicon: lexicon),
                identifier: identifier),
            workers: Workers(
                clean: settings.cleanWorkers == 0 ? cores : settings.cleanWorkers, dedupe: settings.dedupeWorkers,
                normalize: settings.normalizeWorkers == 0 ? cores : settings.normalizeWorkers),
            dedupe: configuration.dedupe, siteMemory: state,
            normalizer: Normalizer(defaultTimezone: zone, lexicon: lexicon))
    }

    /// Runs `source` into the chain and the chain into the sink: starts every step, feeds the
    /// first queue on the calling thread, then drains the steps and the sink and rethrows a
    /// spool or state failure.
    func process(
        from source: some PageSource, cancellation: CancellationFlag, counter: SummaryCounter, tracker: ItemTracker
    ) throws {
        try prepareQuarantine()
        let run = RunContext(
            counter: counter, tracker: tracker, quarantine: quarantine, logger: logger, cancellation: cancellation)
        let fatal = FatalErrorBox()
        let halt = Halt(fatal: fatal, cancellation: cancellation, logger: logger)
        let wiring = StageWiring(
            capacity: configuration.pipeline.queueCapacity, pageSeconds: configuration.pipeline.maxPageSeconds,
            run: run, halt: halt)
        let fetched = BoundedQueue<FetchedPage>(capacity: wiring.capacity)
        let normalized = chain().attach(to: fetched, wiring: wiring)
        let sink = RecordDelivery(
            spool: spool, ledger: state, index: state, similarity: configuration.dedupe.articleSimilarity,
            policy: configuration.dedupe.duplicatePolicy, logger: logger)
        let sinkDone = DispatchGroup()
        sinkDone.enter()
        DispatchQueue(label: "newsingest.spool").async {
            defer { sinkDone.leave() }
            CrashJournal.joinAsWorker()
            while let page = normalized.take() {
                if halt.isHalted { continue }  // drain so upstream never blocks forever
                if let noArticle = page.noArticle {
                    run.report(noArticle, item: page.context.item, source: page.context.source)
                    continue
                }
                do {
                    try CrashJournal.holding(page.context.key) {
                        try sink.deliver(page, counter: counter)
                        try tracker.delivered(page.context.item)
                    }
                } catch {
                    halt.stop(error, url: page.context.requestURL, stage: .spool)
                }
            }
        }
        let fed = Result { try source.feed(fetched, run: run) }
        fetched.close()
        sinkDone.wait()
        if let error = fatal.error { throw error }
        try fed.get()
    }
}
