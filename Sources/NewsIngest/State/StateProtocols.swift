import Foundation

// The state, by concern. `StateStore` (one SQLite database, one owner of its connection)
// implements them all; each stage, source and sink is handed only the one it needs, so a test can
// pass an in-memory fake and another database can implement one concern without the stages
// changing. `RobotsCache` (the fetcher's) is declared beside the fetcher.

/// Delivered articles with their revisions, and the validators of the URLs that led to them.
/// Used by the fetch source (validators for conditional GETs) and by delivery.
public protocol ArticleLedger: Sendable {
    /// Validators for a conditional GET of `url`, if an earlier run stored any.
    func validators(for url: String) throws -> Validators?
    /// Remembers a URL's validators once what it led to has been handled.
    func recordFetch(url: String, validators: Validators, status: Int, articleID: String?, at date: Date) throws
    /// Whether a record with this id and content is new, changed or unchanged.
    func status(id: String, contentHash: String) throws -> ArticleStatus
    /// Stores a record as delivered, after it reached the spool.
    func commit(_ record: ArticleRecord, at date: Date) throws
    /// Marks an unchanged article as seen now.
    func touch(id: String, at date: Date) throws
}

extension ArticleLedger {
    public func recordFetch(url: String, validators: Validators, status: Int, articleID: String?) throws {
        try recordFetch(url: url, validators: validators, status: status, articleID: articleID, at: Date())
    }

    public func commit(_ record: ArticleRecord) throws { try commit(record, at: Date()) }

    public func touch(id: String) throws { try touch(id: id, at: Date()) }
}

/// MinHash fingerprints of delivered articles, for near-duplicate detection at delivery.
public protocol NearDuplicateIndex: Sendable {
    /// The earlier article most similar to `fingerprint` (at least `threshold`), other than `id`.
    func nearestDuplicate(of fingerprint: ArticleFingerprint, excluding id: String, threshold: Double) throws
        -> (id: String, similarity: Double)?
    /// Indexes an article (a copy, `duplicateOf` set, is remembered but not a candidate).
    func storeFingerprint(id: String, fingerprint: ArticleFingerprint, duplicateOf: String?) throws
    /// The earlier copy of an article about to be delivered, as `nearestDuplicate`; a state shared
    /// by several workers also enters the article as the first of its cluster when none is found,
    /// in the same transaction, so that a worker meeting another copy at once finds this one.
    func matchOrClaim(_ fingerprint: ArticleFingerprint, id: String, threshold: Double) throws
        -> (id: String, similarity: Double)?
}

extension NearDuplicateIndex {
    /// One worker writes the state: the article is indexed after it reaches the spool, and no
    /// other delivery can come between.
    public func matchOrClaim(_ fingerprint: ArticleFingerprint, id: String, threshold: Double) throws
        -> (id: String, similarity: Double)?
    {
        try nearestDuplicate(of: fingerprint, excluding: id, threshold: threshold)
    }
}

/// What the site-boilerplate filter has learnt: per host, which short paragraphs appeared in
/// which articles. The filter's own memory, so it learns as it filters (in arrival order, one
/// worker), not at delivery: the same articles in the same order always give the same output.
public protocol BoilerplateMemory: Sendable {
    /// For each paragraph key, in how many distinct articles of `host` it was seen, not counting
    /// `articleID` itself.
    func boilerplateCounts(host: String, keys: [Int64], excluding articleID: String) throws -> [Int64: Int]
    /// Remembers that `articleID` holds `keys` (each key's article list capped at `cap`, the host's
    /// keys at `maxPerHost`).
    func learnBoilerplate(host: String, keys: [Int64], articleID: String, cap: Int, maxPerHost: Int) throws
}

/// Backfill jobs and the items each has finished.
public protocol CheckpointStore: Sendable {
    /// A job's row: whether it finished, and how many items are done.
    func backfillJob(_ job: String) throws -> (finished: Bool, done: Int)?
    /// Creates a job's row, or with `restart` forgets what an earlier run of it did.
    func startBackfillJob(_ job: String, description: String, restart: Bool, at date: Date) throws
    func isBackfillItemDone(job: String, item: String) throws -> Bool
    func markBackfillItemDone(job: String, item: String) throws
    func finishBackfillJob(_ job: String, at date: Date) throws
}

extension CheckpointStore {
    public func startBackfillJob(_ job: String, description: String, restart: Bool) throws {
        try startBackfillJob(job, description: description, restart: restart, at: Date())
    }

    public func finishBackfillJob(_ job: String) throws { try finishBackfillJob(job, at: Date()) }
}

/// How many runs each item took down (the crash journal's counts), for the quarantine.
public protocol CrashLedger: Sendable {
    func recordCrash(item: String, at date: Date) throws
    func crashCount(item: String) throws -> Int
    func crashedItems(atLeast crashes: Int) throws -> Set<String>
}

extension CrashLedger {
    public func recordCrash(item: String) throws { try recordCrash(item: item, at: Date()) }
}

/// Finished runs, backfills and deliveries with each source's share: what `stats` and the
/// metrics file's "last success" read, and what retention prunes.
public protocol RunHistory: Sendable {
    func recordRun(_ run: RunRecord) throws
    func lastSuccess(command: String) throws -> Date?
    func lastRun(command: String) throws -> RunRecord?
    func sourceOverviews(configured: [String], now: Date) throws -> [SourceOverview]
}

/// Keeping the state small: what `state prune` and the daily retention remove.
public protocol StateRetention: Sendable {
    /// Forgets what is older than `cutoff` (see ``StateStore/prune(olderThan:)``).
    func prune(olderThan cutoff: Date) throws -> PruneResult
    /// Prunes what is older than `days` when the last prune is a day old; nil when not due.
    func pruneIfDue(retentionDays days: Int, now: Date) throws -> PruneResult?
    /// Items the quarantine holds.
    func quarantinedCount() throws -> Int
}

/// Every concern at once: what a run, a backfill and the operations commands open. SQLite
/// (``StateStore``, in `state_dir`) or PostgreSQL (``PostgreSQLStateStore``, `state_url`),
/// chosen by ``StateLocation``.
public protocol PipelineState: ArticleLedger, NearDuplicateIndex, BoilerplateMemory, CheckpointStore, CrashLedger,
    RunHistory, StateRetention, RobotsCache
{
    /// Where the state is, for messages (a path, or a URL without its password).
    var location: String { get }
}

extension StateStore: ArticleLedger, NearDuplicateIndex, BoilerplateMemory, CheckpointStore, CrashLedger,
    StateRetention, PipelineState
{
    public var location: String { path }
}

extension PostgreSQLStateStore: ArticleLedger, NearDuplicateIndex, BoilerplateMemory, CheckpointStore, CrashLedger,
    StateRetention, PipelineState
{}
