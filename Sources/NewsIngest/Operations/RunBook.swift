import Foundation
import Logging

/// What a command leaves for its operators when it ends: its row in the run history (for
/// `stats` and "last success"), the metrics file when one is configured, and, for `run`, the
/// state's retention. None of it changes how the command exits: the articles are delivered
/// whatever becomes of the bookkeeping, and a failure of it is logged as an error.
public struct RunBook: Sendable {
    public let configuration: Configuration
    public let state: (any PipelineState)?
    public let logger: Logger

    public init(configuration: Configuration, state: (any PipelineState)?, logger: Logger) {
        self.configuration = configuration
        self.state = state
        self.logger = logger
    }

    /// Records the command's end and writes its metrics file.
    public func close(
        command: String, started: Date, exitCode: ExitStatus, summary: RunSummary?, delivery: DeliverySummary?
    ) {
        let finished = Date()
        let record = RunRecord(
            command: command, started: started, finished: finished, exitCode: exitCode.rawValue,
            summary: summary?.line ?? delivery?.line ?? "", sources: summary?.sources ?? [:])
        do {
            try state?.recordRun(record)
        } catch {
            logger.error("run history not saved", metadata: ["stage": "state", "reason": "\(error)"])
        }
        guard let configured = configuration.run.metricsFile else { return }
        let backlog = (try? SpoolConsumer(directory: configuration.run.spoolDir))?.backlog(now: finished)
        let lastSuccess = (try? state?.lastSuccess(command: command)) ?? (record.succeeded ? finished : nil)
        let report = MetricsReport(
            command: command, started: started, finished: finished, exitCode: exitCode.rawValue, summary: summary,
            delivery: delivery, lastSuccess: lastSuccess, backlogRecords: backlog?.count ?? 0,
            backlogOldestSeconds: backlog?.oldestSeconds ?? 0,
            quarantined: (try? state?.quarantinedCount()) ?? 0)
        let path = MetricsFile.path(configured, command: command)
        do {
            try MetricsFile.write(report, to: path)
        } catch {
            logger.error("metrics file not written", metadata: ["path": "\(path)", "reason": "\(error)"])
        }
    }

    /// The default retention, for `run`: prunes the state once a day.
    public func applyRetention() {
        do {
            if let pruned = try state?.pruneIfDue(retentionDays: configuration.run.stateRetentionDays, now: Date()) {
                logger.info(
                    "state pruned",
                    metadata: ["older_than_days": "\(configuration.run.stateRetentionDays)", "removed": "\(pruned)"])
            }
        } catch {
            logger.error("state not pruned", metadata: ["stage": "state", "reason": "\(error)"])
        }
    }
}
