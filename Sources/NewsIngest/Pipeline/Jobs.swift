import Foundation

// The jobs the CLI runs, each a source into the same chain and sink (`Pipeline.process`): a cron
// run (discovery, then fetching), backfills from URLs, sitemaps or WARC archives.
extension Pipeline {
    /// One cron run: discovery, then every article through the stages into the spool.
    public func run(cancellation: CancellationFlag) throws -> RunSummary {
        let counter = SummaryCounterHandle()
        let requests = try discover(sources: configuration.sources, counter: counter)
        let tracker = ItemTracker(checkpoint: nil, progress: nil)
        try process(from: fetchSource(requests), cancellation: cancellation, counter: counter.counter, tracker: tracker)
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
    public func discover(sources: [SourceConfig], counter: SummaryCounterHandle, window: DateWindow = .all) throws
        -> [ArticleRequest]
    {
        let discovery = Discovery(options: FetchOptions(configuration.fetch), robots: state, logger: logger)
        return try discovery.discover(sources: sources, counter: counter.counter, window: window)
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
