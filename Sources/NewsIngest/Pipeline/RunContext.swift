import Foundation
import Logging

/// What every part of one run shares: its counters, where each item's end is recorded, the
/// quarantine, the log and the cancellation flag. Sources, steps and the sink report through it.
struct RunContext: Sendable {
    let counter: SummaryCounter
    let tracker: ItemTracker
    let quarantine: Quarantine
    let logger: Logger
    let cancellation: CancellationFlag

    /// Whether a source leaves an item out: an earlier run of the backfill job finished it
    /// (counted as already done), or it is quarantined (reported as `crashed`; passing: the
    /// quarantine is the run's decision, and `--retry-quarantined` tries the item again).
    func leavesOut(_ item: String, stage: RunStage, source: SourceConfig?) -> Bool {
        if let checkpoint = tracker.checkpoint, checkpoint.isDone(item) {
            counter.update { $0.alreadyDone += 1 }
            return true
        }
        guard quarantine.isQuarantined(item) else { return false }
        report(
            ArticleError(code: .crashed, stage: stage, url: item, passing: true, cause: Quarantined()), item: item,
            source: source)
        return true
    }

    /// The one way a page that yields no record is reported: counted under its stage and code,
    /// logged with its URL, stage and reason, and its end recorded (for a backfill, final unless
    /// the error is passing).
    func report(_ error: ArticleError, item: String?, source: SourceConfig?) {
        counter.count(error, source: source?.id)
        var metadata: Logger.Metadata = [
            "article.url": "\(error.url)", "stage": "\(error.stage.rawValue)", "reason": "\(error.reason)",
            "code": "\(error.code)",
        ]
        if let source { metadata["source"] = "\(source.id)" }
        switch (error.disposition, error.code) {
        case (.failed, _): logger.warning("article failed", metadata: metadata)
        // A quarantined page is a crash of an earlier run: worth a warning, though not a failure now.
        case (.skipped, .crashed): logger.warning("article skipped", metadata: metadata)
        case (.skipped, _): logger.info("article skipped", metadata: metadata)
        }
        tracker.finished(item, permanent: !error.passing, failed: error.disposition == .failed)
    }
}

/// The cause of a `crashed` skip, for the log.
struct Quarantined: Error, CustomStringConvertible {
    var description: String { "crashed: took down \(Quarantine.crashLimit) runs; --retry-quarantined tries it" }
}

/// A reference to the run's counters that discovery and processing share.
public final class SummaryCounterHandle: Sendable {
    let counter = SummaryCounter()
    public init() {}

    public var value: RunSummary { counter.value }
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
struct Halt: Sendable {
    let fatal: FatalErrorBox
    let cancellation: CancellationFlag
    let logger: Logger

    var isHalted: Bool { fatal.error != nil }

    func stop(_ error: Error, url: String, stage: RunStage) {
        fatal.set(error)
        cancellation.cancel()
        logger.critical(
            "spool or state failed; stopping",
            metadata: ["reason": "\(error)", "article.url": "\(url)", "stage": "\(stage.rawValue)"])
    }

    /// Failures of where articles are delivered and remembered, never of the article itself.
    static func isDeliveryFailure(_ error: Error) -> Bool { error is StateError || error is SpoolError }
}

/// The first fatal error of a run, set by the spool writer.
final class FatalErrorBox: Sendable {
    private let stored = Locked<Error?>(nil)

    func set(_ error: Error) { stored.withLock { if $0 == nil { $0 = error } } }

    var error: Error? { stored.current }
}
