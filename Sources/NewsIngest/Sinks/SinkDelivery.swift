import Foundation
import Logging

/// What one `deliver` did.
public struct DeliverySummary: Sendable, Equatable {
    /// Records written to every sink and removed from the spool.
    public var delivered = 0
    /// Over all sinks: rows new, rows that replaced a lower revision, and records a sink held
    /// already (a replay after a crash, or an older revision).
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    /// Records a sink refused on their own (named in the log): they stay in `new/`.
    public var rejected = 0
    /// Files in `new/` that are not records: left in place.
    public var malformed = 0
    /// Claims of consumers that died, handed back before delivering.
    public var recovered = 0
    /// True when a sink became unreachable or the spool could not be changed: delivery
    /// stopped there, and the rest stays in the spool.
    public var stopped = false
    public var interrupted = false
    /// When the spool was drained (`new/` empty of deliverable records).
    public var seconds = 0.0

    public init() {}

    public var line: String {
        "delivered=\(delivered) inserted=\(inserted) updated=\(updated) unchanged=\(unchanged) "
            + "rejected=\(rejected) malformed=\(malformed)" + (recovered > 0 ? " recovered=\(recovered)" : "")
    }

    public var exitCode: ExitStatus {
        if stopped { return .ioError }
        if interrupted { return .interrupted }
        if rejected > 0 || malformed > 0 { return .partialFailure }
        return .success
    }
}

/// Drains `new/` into the sinks: claim a batch (rename into `cur/`), write it to every sink,
/// and delete it only when all of them committed. A record a sink refuses alone goes back to
/// `new/`, named in the log; a sink that cannot be reached stops delivery and hands the batch
/// back, so the records wait in the spool for the next attempt. A crash at any point leaves at
/// most one batch in `cur/`, which the next delivery recovers and writes again; the sinks'
/// upserts make that replay change nothing.
public struct SinkDelivery {
    public let consumer: SpoolConsumer
    public let sinks: [any RecordSink]
    public let batchSize: Int
    let logger: Logger

    public init(consumer: SpoolConsumer, sinks: [any RecordSink], batchSize: Int, logger: Logger) {
        self.consumer = consumer
        self.sinks = sinks
        self.batchSize = max(1, batchSize)
        self.logger = logger
    }

    public func drain(cancellation: CancellationFlag? = nil) -> DeliverySummary {
        let started = Date()
        var summary = DeliverySummary()
        summary.recovered = consumer.recoverStaleClaims()
        if summary.recovered > 0 {
            logger.notice("claims of a stopped consumer handed back", metadata: ["records": "\(summary.recovered)"])
        }
        // Names listed once: records written while we deliver wait for the next delivery, and a
        // refused record is not retried in a loop.
        var names = consumer.pendingNames()[...]
        delivery: while !names.isEmpty {
            if cancellation?.isCancelled == true {
                summary.interrupted = true
                break
            }
            var batch: [SpooledRecord] = []
            while batch.count < batchSize, let name = names.popFirst() {
                do {
                    switch try consumer.claim(name: name) {
                    case .none: continue
                    case .failure(let bad)?:
                        summary.malformed += 1
                        logger.error(
                            "not a record, left in the spool",
                            metadata: ["path": "\(bad.path)", "stage": "deliver", "reason": "\(bad.reason)"])
                    case .success(let record)?: batch.append(record)
                    }
                } catch {
                    logger.error("cannot claim", metadata: ["stage": "deliver", "reason": "\(error)"])
                    summary.stopped = true
                    consumer.release(batch)
                    break delivery
                }
            }
            if batch.isEmpty { continue }
            var refused: [String: String] = [:]
            do {
                for sink in sinks {
                    let result = try sink.write(batch)
                    summary.inserted += result.inserted
                    summary.updated += result.updated
                    summary.unchanged += result.unchanged
                    refused.merge(result.rejected) { first, _ in first }
                }
            } catch {
                logger.error(
                    "sink unavailable: records stay in the spool",
                    metadata: ["stage": "deliver", "reason": "\(error)", "records": "\(batch.count)"])
                consumer.release(batch)
                summary.stopped = true
                break
            }
            let kept = batch.filter { refused[$0.name] != nil }
            let done = batch.filter { refused[$0.name] == nil }
            for record in kept {
                logger.error(
                    "sink refused the record: it stays in the spool",
                    metadata: [
                        "article.url": "\(record.record.url ?? record.record.id)", "stage": "deliver",
                        "reason": "\(refused[record.name] ?? "")",
                    ])
            }
            consumer.release(kept)
            summary.rejected += kept.count
            do {
                try consumer.complete(done)
            } catch {
                // Written everywhere but not removed: the next delivery writes them again,
                // which the sinks' upserts make harmless.
                logger.error("cannot remove delivered records", metadata: ["stage": "deliver", "reason": "\(error)"])
                summary.stopped = true
                break
            }
            summary.delivered += done.count
            logger.info(
                "batch delivered",
                metadata: ["records": "\(done.count)", "sinks": "\(sinks.map(\.name).joined(separator: ","))"])
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}
