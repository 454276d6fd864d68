import Foundation

/// One finished `run`, `backfill` or `deliver`, as the state keeps it for `stats` and the
/// metrics file's "last success".
public struct RunRecord: Sendable, Equatable {
    public var command: String
    public var started: Date
    public var finished: Date
    public var exitCode: Int32
    /// The summary line the command printed.
    public var summary: String
    /// Each source's share (empty for `deliver`).
    public var sources: [String: SourceTally]

    public init(
        command: String, started: Date, finished: Date, exitCode: Int32, summary: String,
        sources: [String: SourceTally] = [:]
    ) {
        self.command = command
        self.started = started
        self.finished = finished
        self.exitCode = exitCode
        self.summary = summary
        self.sources = sources
    }

    /// A run that went through: every article handled, or some failed alone (exit 1). A run
    /// stopped by the spool, the state, a sink or a signal did not.
    public var succeeded: Bool { exitCode == 0 || exitCode == 1 }
}

/// What `stats` shows of one source.
public struct SourceOverview: Sendable, Equatable, Codable {
    public var source: String
    /// The last run that read it, and how that run ended.
    public var lastRun: Date?
    public var lastExitCode: Int32?
    /// Articles of the source the ledger holds.
    public var articles: Int
    public var writtenLastDay: Int
    public var writtenLastWeek: Int
    /// Failures of the last 7 days by "stage: code" ("feed: failed" for feeds that failed).
    public var failuresLastWeek: [String: Int]
}

extension SourceOverview {
    /// A source's overview from the history's answers, as both states read them: its last run's
    /// row (finish time, exit code), its articles in the ledger, what it wrote since a day and a
    /// week ago, and the week's reason lists (StateStore.encodeReasons).
    init(
        source: String, lastRun: [String?]?, articles: String?, writtenLastDay: Int, writtenLastWeek: Int,
        reasonLists: [String?]
    ) {
        var failures: [String: Int] = [:]
        for list in reasonLists {
            for (reason, count) in StateStore.decodeReasons(list ?? "") { failures[reason, default: 0] += count }
        }
        self.init(
            source: source, lastRun: lastRun?[0].flatMap(Double.init).map { Date(timeIntervalSince1970: $0) },
            lastExitCode: lastRun?[1].flatMap { Int32($0) }, articles: Int(articles ?? "0") ?? 0,
            writtenLastDay: writtenLastDay, writtenLastWeek: writtenLastWeek, failuresLastWeek: failures)
    }
}

/// What `state prune` removed, by kind.
public struct PruneResult: Sendable, Equatable, CustomStringConvertible {
    public var validators = 0
    public var articles = 0
    public var fingerprints = 0
    public var robots = 0
    public var backfillJobs = 0
    public var quarantine = 0
    public var runs = 0

    public var description: String {
        "validators=\(validators) articles=\(articles) fingerprints=\(fingerprints) robots=\(robots) "
            + "backfill_jobs=\(backfillJobs) quarantine=\(quarantine) runs=\(runs)"
    }
}

extension StateStore: RunHistory {
    public func recordRun(_ run: RunRecord) throws {
        try sync {
            try database.transaction {
                let rows = try database.query(
                    "INSERT INTO runs(command, started_at, finished_at, exit_code, summary) VALUES(?, ?, ?, ?, ?) "
                        + "RETURNING id",
                    [
                        .text(run.command), .integer(Int(run.started.timeIntervalSince1970)),
                        .integer(Int(run.finished.timeIntervalSince1970)), .integer(Int(run.exitCode)),
                        .text(run.summary),
                    ])
                guard let id = rows.first?[0].flatMap({ Int($0) }) else { return }
                for (source, tally) in run.sources {
                    var reasons = tally.failures.map { ("\($0.key)", $0.value) }
                    if tally.feedsFailed > 0 { reasons.append(("feed: failed", tally.feedsFailed)) }
                    try database.query(
                        """
                        INSERT INTO source_runs(run_id, source, written, unchanged, failed, skipped, feeds,
                            feeds_failed, reasons) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                        [
                            .integer(id), .text(source), .integer(tally.written), .integer(tally.unchanged),
                            .integer(tally.failed), .integer(tally.skipped), .integer(tally.feeds),
                            .integer(tally.feedsFailed), .text(Self.encodeReasons(reasons)),
                        ])
                }
            }
        }
    }

    /// When `command` last went through (see ``RunRecord/succeeded``).
    public func lastSuccess(command: String) throws -> Date? {
        try sync {
            let rows = try database.query(
                "SELECT MAX(finished_at) FROM runs WHERE command = ? AND exit_code IN (0, 1)", [.text(command)])
            return rows.first?[0].flatMap { Double($0) }.map { Date(timeIntervalSince1970: $0) }
        }
    }

    /// The newest run of `command`.
    public func lastRun(command: String) throws -> RunRecord? {
        try sync {
            let rows = try database.query(
                "SELECT started_at, finished_at, exit_code, summary FROM runs WHERE command = ? ORDER BY id DESC "
                    + "LIMIT 1", [.text(command)])
            guard let row = rows.first, let started = row[0].flatMap(Double.init),
                let finished = row[1].flatMap(Double.init), let code = row[2].flatMap({ Int32($0) })
            else { return nil }
            return RunRecord(
                command: command, started: Date(timeIntervalSince1970: started),
                finished: Date(timeIntervalSince1970: finished), exitCode: code, summary: row[3] ?? "")
        }
    }

    /// Items the quarantine holds: they took down ``Quarantine/crashLimit`` runs or more.
    public func quarantinedCount() throws -> Int { try crashedItems(atLeast: Quarantine.crashLimit).count }

    /// Every source the history or the ledger knows, plus `configured` ones never run.
    public func sourceOverviews(configured: [String], now: Date = Date()) throws -> [SourceOverview] {
        try sync {
            let day = Int(now.timeIntervalSince1970) - 86_400
            let week = Int(now.timeIntervalSince1970) - 7 * 86_400
            var names = Set(configured)
            for row in try database.query("SELECT DISTINCT source FROM source_runs") {
                if let name = row[0] { names.insert(name) }
            }
            var overviews: [SourceOverview] = []
            for name in names.sorted() {
                let last = try database.query(
                    """
                    SELECT r.finished_at, r.exit_code FROM source_runs s JOIN runs r ON r.id = s.run_id
                    WHERE s.source = ? ORDER BY r.id DESC LIMIT 1
                    """, [.text(name)]
                ).first
                let articles = try database.query(
                    "SELECT COUNT(*) FROM articles WHERE source IS ?", [name.isEmpty ? .null : .text(name)])
                func written(since: Int) throws -> Int {
                    let rows = try database.query(
                        """
                        SELECT COALESCE(SUM(s.written), 0) FROM source_runs s JOIN runs r ON r.id = s.run_id
                        WHERE s.source = ? AND r.finished_at >= ?
                        """, [.text(name), .integer(since)])
                    return Int(rows.first?[0] ?? "0") ?? 0
                }
                let reasons = try database.query(
                    "SELECT s.reasons FROM source_runs s JOIN runs r ON r.id = s.run_id WHERE s.source = ? AND "
                        + "r.finished_at >= ?", [.text(name), .integer(week)])
                overviews.append(
                    SourceOverview(
                        source: name, lastRun: last, articles: articles.first?[0] ?? nil,
                        writtenLastDay: try written(since: day), writtenLastWeek: try written(since: week),
                        reasonLists: reasons.map { $0[0] }))
            }
            return overviews
        }
    }

    /// Forgets what is older than `cutoff`: validators of URLs not fetched since, articles not
    /// seen since (with their near-duplicate fingerprints: a page seen again after that is new
    /// again), robots.txt files, finished backfill jobs with their items, quarantine entries
    /// and run history. The site-boilerplate memory is bounded per host already and stays.
    public func prune(olderThan cutoff: Date) throws -> PruneResult {
        try sync {
            try database.transaction {
                let text = SQLValue.text(Self.timestamp(cutoff))
                let epoch = SQLValue.integer(Int(cutoff.timeIntervalSince1970))
                var result = PruneResult()
                func delete(_ sql: String, _ values: [SQLValue]) throws -> Int {
                    try database.query(sql + " RETURNING 1", values).count
                }
                result.validators = try delete("DELETE FROM fetches WHERE checked_at < ?", [text])
                // Band rows first: they are found through the fingerprints being deleted.
                _ = try delete(
                    """
                    DELETE FROM fingerprint_bands WHERE id IN (
                        SELECT id FROM articles WHERE last_seen < ?)
                    """, [text])
                result.fingerprints = try delete(
                    "DELETE FROM fingerprints WHERE id IN (SELECT id FROM articles WHERE last_seen < ?)", [text])
                result.articles = try delete("DELETE FROM articles WHERE last_seen < ?", [text])
                result.robots = try delete("DELETE FROM robots WHERE fetched_at < ?", [epoch])
                _ = try delete(
                    """
                    DELETE FROM backfill_items WHERE job IN (
                        SELECT job FROM backfill_jobs WHERE finished_at IS NOT NULL AND finished_at < ?)
                    """, [text])
                result.backfillJobs = try delete(
                    "DELETE FROM backfill_jobs WHERE finished_at IS NOT NULL AND finished_at < ?", [text])
                result.quarantine = try delete("DELETE FROM quarantine WHERE last_crash < ?", [text])
                _ = try delete(
                    "DELETE FROM source_runs WHERE run_id IN (SELECT id FROM runs WHERE finished_at < ?)", [epoch])
                result.runs = try delete("DELETE FROM runs WHERE finished_at < ?", [epoch])
                try database.query(
                    "INSERT INTO meta(key, value) VALUES('last_prune', ?) ON CONFLICT(key) DO UPDATE SET "
                        + "value = excluded.value", [.text(Self.timestamp(Date()))])
                return result
            }
        }
    }

    /// The default retention: prunes what is older than `days` when the last prune is a day old
    /// or more (a cron run every 15 minutes prunes once a day). nil when it was not due.
    public func pruneIfDue(retentionDays days: Int, now: Date = Date()) throws -> PruneResult? {
        guard days > 0 else { return nil }
        let last = try sync { try database.query("SELECT value FROM meta WHERE key = 'last_prune'").first?[0] ?? nil }
        if let last, last > Self.timestamp(now.addingTimeInterval(-86_400)) { return nil }
        return try prune(olderThan: now.addingTimeInterval(-Double(days) * 86_400))
    }

    /// Reasons as "count<TAB>reason" lines: reasons hold ':' and ' ', never a tab or a newline.
    static func encodeReasons(_ reasons: [(String, Int)]) -> String {
        reasons.sorted { $0.0 < $1.0 }.map { "\($0.1)\t\($0.0)" }.joined(separator: "\n")
    }

    static func decodeReasons(_ text: String) -> [(String, Int)] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2, let count = Int(parts[0]) else { return nil }
            return (String(parts[1]), count)
        }
    }
}
