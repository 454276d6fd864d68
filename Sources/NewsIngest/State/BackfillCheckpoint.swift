import Foundation

/// Which items of a backfill are finished, kept in state so that the same backfill started
/// again (same arguments: same job) continues where it stopped and writes no record twice.
///
/// An item is finished when it reached the spool, was unchanged, or failed in a way another try
/// would not change (404, not HTML, robots.txt, a page with no article). Items that failed for
/// a passing reason (timeouts, 5xx, interrupted) are tried again by the next run of the job.
public final class BackfillCheckpoint: Sendable {
    /// A stable id for the job, from its description.
    public let job: String
    public let description: String
    private let store: any CheckpointStore

    /// Opens (or creates) the job described by `description`, e.g. "urls /data/list.txt".
    /// With `restart`, what an earlier run of the same job did is forgotten.
    public init(store: any CheckpointStore, description: String, restart: Bool = false) throws {
        self.store = store
        self.description = description
        job = String(SHA256.hex(description.utf8).prefix(24))
        try store.startBackfillJob(job, description: description, restart: restart)
    }

    /// The description of a backfill of these URLs (in order, each once): its SHA-256 and count.
    public static func urlListJob(_ urls: [String]) -> String {
        "urls sha256=\(SHA256.hex(urls.joined(separator: "\n").utf8)) count=\(urls.count)"
    }

    /// Whether an earlier run of this job went all the way through.
    public var isFinished: Bool { (try? store.backfillJob(job))??.finished ?? false }

    /// Items finished so far, by all runs of this job.
    public var doneCount: Int { (try? store.backfillJob(job))??.done ?? 0 }

    public func isDone(_ item: String) -> Bool { (try? store.isBackfillItemDone(job: job, item: item)) ?? false }

    public func markDone(_ item: String) throws { try store.markBackfillItemDone(job: job, item: item) }

    /// The whole job ran without interruption.
    public func finish() throws { try store.finishBackfillJob(job) }
}
