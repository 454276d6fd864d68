import Foundation

// The run history and retention of the shared state, as ``StateStore``'s (StateStore+History):
// every worker's runs are rows of one table, so `stats` on any machine shows all of them.
extension PostgreSQLStateStore: RunHistory {
    public func recordRun(_ run: RunRecord) throws {
        try sync("record run") { db in
            try db.transaction {
                let rows = try db.execute(
                    """
                    INSERT INTO runs(command, started_at, finished_at, exit_code, summary) VALUES($1, $2, $3, $4, $5)
                    RETURNING id
                    """,
                    [
                        run.command, Self.epoch(run.started), Self.epoch(run.finished), "\(run.exitCode)",
                        run.summary,
                    ])
                guard let id = rows.first?[0] else { return }
                for (source, tally) in run.sources {
                    var reasons = tally.failures.map { ("\($0.key)", $0.value) }
                    if tally.feedsFailed > 0 { reasons.append(("feed: failed", tally.feedsFailed)) }
                    try db.execute(
                        """
                        INSERT INTO source_runs(run_id, source, written, unchanged, failed, skipped, feeds,
                            feeds_failed, reasons) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9)
                        """,
                        [
                            id, source, "\(tally.written)", "\(tally.unchanged)", "\(tally.failed)",
                            "\(tally.skipped)", "\(tally.feeds)", "\(tally.feedsFailed)",
                            StateStore.encodeReasons(reasons),
                        ])
                }
            }
        }
    }

    public func lastSuccess(command: String) throws -> Date? {
        try sync("last success") { db in
            try db.execute(
                "SELECT max(finished_at) FROM runs WHERE command = $1 AND exit_code IN (0, 1)", [command]
            ).first?[0].flatMap { Double($0) }.map { Date(timeIntervalSince1970: $0) }
        }
    }

    public func lastRun(command: String) throws -> RunRecord? {
        try sync("last run") { db in
            guard
                let row = try db.execute(
                    "SELECT started_at, finished_at, exit_code, summary FROM runs WHERE command = $1 ORDER BY id DESC "
                        + "LIMIT 1", [command]
                ).first, let started = row[0].flatMap(Double.init), let finished = row[1].flatMap(Double.init),
                let code = row[2].flatMap({ Int32($0) })
            else { return nil }
            return RunRecord(
                command: command, started: Date(timeIntervalSince1970: started),
                finished: Date(timeIntervalSince1970: finished), exitCode: code, summary: row[3] ?? "")
        }
    }

    public func sourceOverviews(configured: [String], now: Date) throws -> [SourceOverview] {
        try sync("source overviews") { db in
            let day = Self.epoch(now.addingTimeInterval(-86_400))
            let week = Self.epoch(now.addingTimeInterval(-7 * 86_400))
            var names = Set(configured)
            for row in try db.execute("SELECT DISTINCT source FROM source_runs") {
                if let name = row[0] { names.insert(name) }
            }
            var overviews: [SourceOverview] = []
            for name in names.sorted() {
                let last = try db.execute(
                    """
                    SELECT r.finished_at, r.exit_code FROM source_runs s JOIN runs r ON r.id = s.run_id
                    WHERE s.source = $1 ORDER BY r.id DESC LIMIT 1
                    """, [name]
                ).first
                let articles = try db.execute(
                    "SELECT count(*) FROM articles WHERE source IS NOT DISTINCT FROM $1", [name.isEmpty ? nil : name])
                func written(since: String) throws -> Int {
                    let rows = try db.execute(
                        """
                        SELECT COALESCE(sum(s.written), 0) FROM source_runs s JOIN runs r ON r.id = s.run_id
                        WHERE s.source = $1 AND r.finished_at >= $2
                        """, [name, since])
                    return Int(rows.first?[0] ?? "0") ?? 0
                }
                let reasons = try db.execute(
                    "SELECT s.reasons FROM source_runs s JOIN runs r ON r.id = s.run_id WHERE s.source = $1 AND "
                        + "r.finished_at >= $2", [name, week])
                overviews.append(
                    SourceOverview(
                        source: name, lastRun: last, articles: articles.first?[0] ?? nil,
                        writtenLastDay: try written(since: day), writtenLastWeek: try written(since: week),
                        reasonLists: reasons.map { $0[0] }))
            }
            return overviews
        }
    }

    /// As ``StateStore/prune(olderThan:)``, in one transaction; nil when another worker is
    /// pruning now (it removes the same rows).
    public func prune(olderThan cutoff: Date) throws -> PruneResult {
        try prune(olderThan: cutoff, waiting: true) ?? PruneResult()
    }

    private func prune(olderThan cutoff: Date, waiting: Bool) throws -> PruneResult? {
        try sync("prune") { db in
            try db.transaction {
                let lock = waiting ? "pg_advisory_xact_lock" : "pg_try_advisory_xact_lock"
                let got = try db.execute(
                    "SELECT \(lock)($1::int4, $2::int4)::text", ["\(Self.lockNamespace)", "\(AdvisoryKey.prune)"])
                if !waiting, got.first?[0] != "true" { return nil }
                let epoch = Self.epoch(cutoff)
                var result = PruneResult()
                func delete(_ sql: String) throws -> Int { try db.execute(sql + " RETURNING 1", [epoch]).count }
                result.validators = try delete("DELETE FROM fetches WHERE checked_at < $1")
                _ = try delete(
                    "DELETE FROM fingerprint_bands WHERE id IN (SELECT id FROM articles WHERE last_seen < $1)")
                result.fingerprints = try delete(
                    "DELETE FROM fingerprints WHERE id IN (SELECT id FROM articles WHERE last_seen < $1)")
                result.articles = try delete("DELETE FROM articles WHERE last_seen < $1")
                result.robots = try delete("DELETE FROM robots WHERE fetched_at < $1")
                _ = try delete(
                    """
                    DELETE FROM backfill_items WHERE job IN (
                        SELECT job FROM backfill_jobs WHERE finished_at IS NOT NULL AND finished_at < $1)
                    """)
                result.backfillJobs = try delete(
                    "DELETE FROM backfill_jobs WHERE finished_at IS NOT NULL AND finished_at < $1")
                result.quarantine = try delete("DELETE FROM quarantine WHERE last_crash < $1")
                _ = try delete("DELETE FROM source_runs WHERE run_id IN (SELECT id FROM runs WHERE finished_at < $1)")
                result.runs = try delete("DELETE FROM runs WHERE finished_at < $1")
                try db.execute(
                    """
                    INSERT INTO meta(key, value) VALUES('last_prune', $1)
                    ON CONFLICT(key) DO UPDATE SET value = excluded.value
                    """, [Self.epoch(Date())])
                return result
            }
        }
    }

    /// The default retention: once a day across all workers (the first to find it due prunes;
    /// one that finds another pruning skips).
    public func pruneIfDue(retentionDays days: Int, now: Date) throws -> PruneResult? {
        guard days > 0 else { return nil }
        let last = try sync("last prune") { db in
            try db.execute("SELECT value FROM meta WHERE key = 'last_prune'").first?[0].flatMap { Double($0) }
        }
        if let last, last > now.timeIntervalSince1970 - 86_400 { return nil }
        return try prune(olderThan: now.addingTimeInterval(-Double(days) * 86_400), waiting: false)
    }
}
