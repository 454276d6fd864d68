import Foundation

// The jobs the CLI runs, each a source into the same chain and sink (`Pipeline.process`): a cron
// run (discovery, then fetching), backfills from URLs, sitemaps or WARC archives.
extension Pipeline {
    /// One cron run: discovery, then every article through the stages into the spool.
    public func run(cancellation: CancellationFlag) throws -> RunSummary {
        let counter = SummaryCounterHandle()
        let (requests, documents) = try discovery(conditional: true).discoverDocuments(
            sources: configuration.sources, counter: counter.counter)
        let tracker = ItemTracker(checkpoint: nil, progress: nil)
        try process(from: fetchSource(requests), cancellation: cancellation, counter: counter.counter, tracker: tracker)
        let summary = finishedSummary(counter, cancellation: cancellation, tracker: tracker)
        if !summary.interrupted { try rememberDocuments(documents, summary: summary) }
        return summary
    }

    /// Keeps the validators of the feeds and sitemaps read whole, for conditional GETs next run,
    /// of the sources none of whose articles failed for a passing reason: a feed that answers
    /// 304 lists nothing, so an article that timed out must find its feed read whole again.
    private func rememberDocuments(_ documents: [Discovery.Document], summary: RunSummary) throws {
        for document in documents where (summary.sources[document.source]?.passingFailures ?? 0) == 0 {
            try state.recordFetch(url: document.url, validators: document.validators, status: 200, articleID: nil)
        }
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
    /// With `shard`, every shard reads the sitemaps and fetches only the articles of its sites.
    public func backfill(
        sitemaps: [String], window: DateWindow, source: SourceConfig?, cancellation: CancellationFlag,
        checkpoint: BackfillCheckpoint? = nil, progress: ProgressReporter? = nil, shard: Shard? = nil
    ) throws -> RunSummary {
        let counter = SummaryCounterHandle()
        let discovery = sitemaps.enumerated().map { index, url in SourceConfig(id: "sitemap-\(index)", sitemap: url) }
        let requests = try discover(sources: discovery, counter: counter, window: window)
            .filter { shard?.owns(url: $0.url) ?? true }
            .map { ArticleRequest(url: $0.url, source: source) }
        // A sitemap that could not be read may list more: the job is not finished.
        return try fetchBackfill(
            requests, counter: counter, cancellation: cancellation, checkpoint: checkpoint, progress: progress,
            unfinished: counter.counter.value.feedsFailed > 0)
    }

    /// A backfill from WARC archives (`response` records holding HTML): no network at all.
    /// Records an earlier run of the job finished are skipped.
    public func backfill(
        archives paths: [String], source: SourceConfig?, cancellation: CancellationFlag,
        checkpoint: BackfillCheckpoint? = nil,
        progress: ProgressReporter? = nil
    ) throws -> RunSummary {
        let counter = SummaryCounterHandle()
        let tracker = ItemTracker(checkpoint: checkpoint, progress: progress)
        progress?.start()
        defer { progress?.stop() }
        let archives = ArchiveSource(paths: paths, source: source, maxBodyBytes: configuration.fetch.maxBodyBytes)
        try process(from: archives, cancellation: cancellation, counter: counter.counter, tracker: tracker)
        return finishedSummary(counter, cancellation: cancellation, tracker: tracker)
    }

    /// Reads every source's feeds, sitemaps and home pages (following sitemap indexes and
    /// announced feeds) and returns the article URLs they name, in order, each once.
    /// Entries outside `window`, or older than a source's `max_age_days`, are left out.
    /// `conditional`: with the validators a run keeps (what `run --dry-run` shows); a backfill
    /// reads every document whole.
    public func discover(
        sources: [SourceConfig], counter: SummaryCounterHandle, window: DateWindow = .all, conditional: Bool = false
    ) throws -> [ArticleRequest] {
        try discovery(conditional: conditional).discover(sources: sources, counter: counter.counter, window: window)
    }

    private func discovery(conditional: Bool) -> Discovery {
        Discovery(
            options: FetchOptions(configuration.fetch), robots: state, logger: logger,
            ledger: conditional ? state : nil)
    }

    /// The checkpoint of the backfill job `description` names, kept in this pipeline's state.
    public func checkpoint(for description: String, restart: Bool) throws -> BackfillCheckpoint {
        try BackfillCheckpoint(store: state, description: description, restart: restart)
    }

    private func fetchSource(_ requests: [ArticleRequest]) -> FetchSource {
        FetchSource(requests: requests, options: FetchOptions(configuration.fetch), robots: state, ledger: state)
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
        try process(from: fetchSource(requests), cancellation: cancellation, counter: counter.counter, tracker: tracker)
        return finishedSummary(counter, cancellation: cancellation, tracker: tracker)
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
}
