import Foundation
import Prometheus

/// What one finished `run`, `backfill` or `deliver` tells Prometheus.
public struct MetricsReport: Sendable {
    public var command: String
    public var started: Date
    public var finished: Date
    public var exitCode: Int32
    /// The run's counts (`run`, `backfill`); nil for `deliver`.
    public var summary: RunSummary?
    /// The delivery's counts (`deliver`, and `run` when it delivered at its end).
    public var delivery: DeliverySummary?
    /// When this command last went through, this one included when it did.
    public var lastSuccess: Date?
    public var backlogRecords: Int
    public var backlogOldestSeconds: Double
    public var quarantined: Int

    public init(
        command: String, started: Date, finished: Date, exitCode: Int32, summary: RunSummary? = nil,
        delivery: DeliverySummary? = nil, lastSuccess: Date? = nil, backlogRecords: Int = 0,
        backlogOldestSeconds: Double = 0, quarantined: Int = 0
    ) {
        self.command = command
        self.started = started
        self.finished = finished
        self.exitCode = exitCode
        self.summary = summary
        self.delivery = delivery
        self.lastSuccess = lastSuccess
        self.backlogRecords = backlogRecords
        self.backlogOldestSeconds = backlogOldestSeconds
        self.quarantined = quarantined
    }
}

/// The Prometheus text-format file a command leaves at its end, for node_exporter's textfile
/// collector: written to a temporary name in the same directory, synced, then renamed, so the
/// collector never reads half a file.
///
/// Every value is the last command's (gauges), labelled with `command`: `run` writes the
/// configured `metrics_file`, `backfill` and `deliver` write beside it with their name added
/// (`newsingest.prom` → `newsingest-deliver.prom`), so one command never erases another's
/// figures, and a family spread over the files has the same help text and label names in each.
public enum MetricsFile {
    /// The file `command` writes, given the configured path.
    public static func path(_ configured: String, command: String) -> String {
        guard command != "run" else { return configured }
        let url = URL(fileURLWithPath: configured)
        let stem = url.deletingPathExtension().lastPathComponent
        let ext = url.pathExtension.isEmpty ? "" : "." + url.pathExtension
        return url.deletingLastPathComponent().appendingPathComponent("\(stem)-\(command)\(ext)").path
    }

    /// The report in Prometheus's text exposition format.
    public static func render(_ report: MetricsReport) -> String {
        let registry = PrometheusCollectorRegistry()
        let command = ("command", report.command)
        func gauge(_ name: String, _ help: String, _ labels: [(String, String)] = [], _ value: Double) {
            // The unit is part of each name already ("_seconds", "_bytes"): none added.
            let descriptor = MetricNameDescriptor(
                namespace: "newsingest", metricName: name, unitName: "", helpText: help)
            registry.makeGauge(descriptor: descriptor, labels: [command] + labels).set(value)
        }
        gauge("run_exit_code", "Exit code of the last run of the command.", [], Double(report.exitCode))
        gauge(
            "run_duration_seconds", "Wall time of the last run of the command.", [],
            report.finished.timeIntervalSince(report.started))
        gauge(
            "run_last_timestamp_seconds", "When the last run of the command ended (Unix time).", [],
            report.finished.timeIntervalSince1970)
        if let success = report.lastSuccess {
            gauge(
                "run_last_success_timestamp_seconds",
                "When a run of the command last went through, exit code 0 or 1 (Unix time).", [],
                success.timeIntervalSince1970)
        }
        gauge("spool_backlog_records", "Records waiting in the spool's new/.", [], Double(report.backlogRecords))
        gauge(
            "spool_backlog_oldest_seconds", "Age of the oldest record in the spool's new/ (0 when empty).", [],
            report.backlogOldestSeconds)
        gauge(
            "quarantined_items", "Articles skipped because they took down earlier runs.", [],
            Double(report.quarantined))
        if let summary = report.summary { renderRun(summary, gauge: gauge) }
        if let delivery = report.delivery {
            let outcomes = [
                ("inserted", delivery.inserted), ("updated", delivery.updated), ("unchanged", delivery.unchanged),
                ("rejected", delivery.rejected), ("malformed", delivery.malformed),
            ]
            for (outcome, count) in outcomes {
                gauge(
                    "delivered_records", "Spool records handed to the sinks, by outcome.", [("outcome", outcome)],
                    Double(count))
            }
        }
        return sorted(registry.emitToString())
    }

    /// The registry's text with families by name and samples by labels: the registry keeps them
    /// in hash order, and a file that reads the same way each time is easier to read and diff.
    static func sorted(_ text: String) -> String {
        var families: [[Substring]] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP") || families.isEmpty {
                families.append([line])
            } else {
                families[families.count - 1].append(line)
            }
        }
        return families.map { family in
            let comments = family.prefix { $0.hasPrefix("#") }
            return (comments + family.dropFirst(comments.count).sorted()).joined(separator: "\n")
        }.sorted().joined(separator: "\n") + "\n"
    }

    private static func renderRun(
        _ summary: RunSummary, gauge: (String, String, [(String, String)], Double) -> Void
    ) {
        let articlesHelp = "Articles of the last run by source and outcome (written, unchanged, failed, skipped)."
        for (source, tally) in summary.sources.sorted(by: { $0.key < $1.key }) {
            let outcomes = [
                ("written", tally.written), ("unchanged", tally.unchanged), ("failed", tally.failed),
                ("skipped", tally.skipped),
            ]
            for (outcome, count) in outcomes {
                gauge("articles", articlesHelp, [("source", source), ("outcome", outcome)], Double(count))
            }
            for (key, count) in tally.failures {
                gauge(
                    "article_failures", "Failed articles of the last run by source, stage and reason.",
                    [("source", source), ("stage", key.stage.rawValue), ("reason", "\(key.code)")], Double(count))
            }
            for (key, count) in tally.skips {
                gauge(
                    "article_skips", "Articles skipped on purpose in the last run by source, stage and reason.",
                    [("source", source), ("stage", key.stage.rawValue), ("reason", "\(key.code)")], Double(count))
            }
            if tally.feeds > 0 {
                let feedsHelp =
                    "Feeds, sitemaps and home pages of the last run by source and outcome (not_modified: 304)."
                let read = tally.feeds - tally.feedsFailed - tally.feedsNotModified
                for (outcome, count) in [
                    ("read", read), ("not_modified", tally.feedsNotModified), ("failed", tally.feedsFailed),
                ] {
                    gauge("feeds", feedsHelp, [("source", source), ("outcome", outcome)], Double(count))
                }
            }
        }
        for (statusClass, tally) in summary.http.sorted(by: { $0.key < $1.key }) {
            gauge(
                "http_requests", "HTTP transfers of the last run by status class (none: no response).",
                [("status_class", statusClass)], Double(tally.requests))
            gauge(
                "http_body_bytes", "Decoded body bytes received in the last run by status class.",
                [("status_class", statusClass)], Double(tally.bytes))
        }
        let nearDuplicatesHelp = "Near-duplicate articles of the last run (flagged: written with duplicate_of)."
        for (action, count) in [("flagged", summary.duplicatesFlagged), ("dropped", summary.duplicatesDropped)] {
            gauge("near_duplicates", nearDuplicatesHelp, [("action", action)], Double(count))
        }
    }

    /// Writes the report where node_exporter reads it, all or nothing.
    public static func write(_ report: MetricsReport, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        // A name the collector does not read (it takes *.prom only), in the same file system.
        let temporary = directory + "/.\(url.lastPathComponent).\(getpid()).tmp"
        let failure = { (errno: Errno) -> any Error in MetricsFileError(path: path, reason: errno.description) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let fd = try SystemCall.check(
                { open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) },
                orThrow: failure)
            defer { close(fd) }
            try SystemCall.writeAll(Data(render(report).utf8), to: fd, orThrow: failure)
            try SystemCall.check({ fsync(fd) }, orThrow: failure)
            try SystemCall.check({ rename(temporary, path) }, orThrow: failure)
        } catch {
            unlink(temporary)
            throw error
        }
    }
}

public struct MetricsFileError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write the metrics file \(path): \(reason)" }
}
