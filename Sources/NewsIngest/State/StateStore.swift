import Foundation

/// What the state knows of an article before its record is written.
public enum ArticleStatus: Sendable, Equatable {
    /// Never seen: write it as revision 1.
    case new
    /// Seen with other content: write it as this revision.
    case changed(revision: Int)
    /// Seen with the same content hash: write nothing.
    case unchanged
}

/// HTTP validators from an earlier fetch of a URL.
public struct Validators: Sendable, Equatable {
    public var etag: String?
    public var lastModified: String?

    public init(etag: String? = nil, lastModified: String? = nil) {
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// The run's memory between cron runs, in SQLite: canonical URLs seen with their content hash
/// and revision, and HTTP validators per fetched URL.
///
/// The connection is confined to a private serial queue; every method hops onto it, so the
/// store can be shared by the pipeline's stages.
public final class StateStore: @unchecked Sendable {
    private let queue = DispatchQueue(label: "newsingest.state")
    let database: SQLiteDatabase
    public let path: String

    public static let schemaVersion = 1

    public init(directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StateError(code: 0, operation: "create \(directory)", message: error.localizedDescription)
        }
        path = directory + "/state.sqlite3"
        database = try SQLiteDatabase(path: path)
        try database.execute("PRAGMA journal_mode=WAL")
        try database.execute("PRAGMA synchronous=NORMAL")
        try database.execute(
            """
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS articles(
                id TEXT PRIMARY KEY,
                canonical_url TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                revision INTEGER NOT NULL,
                first_seen TEXT NOT NULL,
                last_seen TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS fetches(
                url TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT,
                status INTEGER NOT NULL,
                article_id TEXT,
                checked_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS boilerplate(
                host TEXT NOT NULL,
                key INTEGER NOT NULL,
                articles TEXT NOT NULL,
                article_count INTEGER NOT NULL,
                last_seen INTEGER NOT NULL,
                PRIMARY KEY(host, key)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS boilerplate_by_use ON boilerplate(host, article_count, last_seen);
            CREATE TABLE IF NOT EXISTS fingerprints(
                id TEXT PRIMARY KEY,
                signature BLOB NOT NULL,
                shingles INTEGER NOT NULL,
                duplicate_of TEXT,
                seq INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS fingerprint_bands(
                band INTEGER NOT NULL,
                bucket INTEGER NOT NULL,
                id TEXT NOT NULL,
                PRIMARY KEY(band, bucket, id)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS robots(
                origin TEXT PRIMARY KEY,
                body BLOB,
                fetched_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS backfill_jobs(
                job TEXT PRIMARY KEY,
                description TEXT NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT);
            CREATE TABLE IF NOT EXISTS backfill_items(
                job TEXT NOT NULL,
                item TEXT NOT NULL,
                PRIMARY KEY(job, item)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS quarantine(
                item TEXT PRIMARY KEY,
                crashes INTEGER NOT NULL,
                last_crash TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS runs(
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                command TEXT NOT NULL,
                started_at INTEGER NOT NULL,
                finished_at INTEGER NOT NULL,
                exit_code INTEGER NOT NULL,
                summary TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS runs_by_command ON runs(command, finished_at);
            CREATE TABLE IF NOT EXISTS source_runs(
                run_id INTEGER NOT NULL,
                source TEXT NOT NULL,
                written INTEGER NOT NULL,
                unchanged INTEGER NOT NULL,
                failed INTEGER NOT NULL,
                skipped INTEGER NOT NULL,
                feeds INTEGER NOT NULL,
                feeds_failed INTEGER NOT NULL,
                reasons TEXT NOT NULL,
                PRIMARY KEY(source, run_id)) WITHOUT ROWID;
            INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '\(Self.schemaVersion)');
            INSERT OR IGNORE INTO meta(key, value) VALUES('sequence', '0');
            """)
        // Added after the first release: the source each article came from (for `stats`).
        let columns = try database.query("PRAGMA table_info(articles)").compactMap { $0.count > 1 ? $0[1] : nil }
        if !columns.contains("source") { try database.execute("ALTER TABLE articles ADD COLUMN source TEXT") }
        try database.execute("CREATE INDEX IF NOT EXISTS articles_by_source ON articles(source)")
    }

    @discardableResult
    func sync<T>(_ body: () throws -> T) rethrows -> T {
        try queue.sync {
            dispatchPrecondition(condition: .onQueue(queue))
            return try body()
        }
    }

    /// Validators for a conditional GET of `url`, if an earlier run stored any.
    public func validators(for url: String) throws -> Validators? {
        try sync {
            let rows = try database.query("SELECT etag, last_modified FROM fetches WHERE url = ?", [.text(url)])
            guard let row = rows.first, row[0] != nil || row[1] != nil else { return nil }
            return Validators(etag: row[0], lastModified: row[1])
        }
    }

    /// Remembers a URL's validators once what it led to has been handled.
    public func recordFetch(
        url: String, validators: Validators, status: Int, articleID: String?, at date: Date = Date()
    ) throws {
        try sync {
            try database.query(
                """
                INSERT INTO fetches(url, etag, last_modified, status, article_id, checked_at) VALUES(?, ?, ?, ?, ?, ?)
                ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                    status = excluded.status, article_id = COALESCE(excluded.article_id, fetches.article_id),
                    checked_at = excluded.checked_at
                """,
                [
                    .text(url), .optional(validators.etag), .optional(validators.lastModified), .integer(status),
                    .optional(articleID), .text(Self.timestamp(date)),
                ])
        }
    }

    /// Whether a record with this id and content is new, changed or unchanged.
    public func status(id: String, contentHash: String) throws -> ArticleStatus {
        try sync {
            let rows = try database.query("SELECT content_hash, revision FROM articles WHERE id = ?", [.text(id)])
            guard let row = rows.first, let hash = row[0], let revision = row[1].flatMap({ Int($0) }) else {
                return .new
            }
            return hash == contentHash ? .unchanged : .changed(revision: revision + 1)
        }
    }

    /// Stores a record as delivered, after it reached the spool.
    public func commit(_ record: ArticleRecord, at date: Date = Date()) throws {
        try sync {
            let now = Self.timestamp(date)
            try database.query(
                """
                INSERT INTO articles(id, canonical_url, content_hash, revision, first_seen, last_seen, source)
                VALUES(?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET content_hash = excluded.content_hash, revision = excluded.revision,
                    canonical_url = excluded.canonical_url, last_seen = excluded.last_seen,
                    source = COALESCE(excluded.source, articles.source)
                """,
                [
                    .text(record.id), .text(record.canonicalURL ?? record.id), .text(record.contentHash),
                    .integer(record.revision), .text(now), .text(now), .optional(record.source),
                ])
        }
    }

    /// Marks an unchanged article as seen now.
    public func touch(id: String, at date: Date = Date()) throws {
        try sync {
            try database.query(
                "UPDATE articles SET last_seen = ? WHERE id = ?", [.text(Self.timestamp(date)), .text(id)])
        }
    }

    /// A counter that orders learning events; used instead of wall time so that the same input
    /// in the same order leaves the same state.
    private func nextSequence() throws -> Int {
        dispatchPrecondition(condition: .onQueue(queue))
        let rows = try database.query(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'sequence' RETURNING value")
        return Int(rows.first?[0] ?? "0") ?? 0
    }

    // MARK: Site boilerplate

    /// For each paragraph key, in how many distinct articles of `host` it was seen, not
    /// counting `articleID` itself (counts stop growing at the learning cap).
    public func boilerplateCounts(host: String, keys: [Int64], excluding articleID: String) throws -> [Int64: Int] {
        try sync {
            var counts: [Int64: Int] = [:]
            for key in keys {
                let rows = try database.query(
                    "SELECT articles, article_count FROM boilerplate WHERE host = ? AND key = ?",
                    [.text(host), .integer(Int(key))])
                guard let row = rows.first, let articles = row[0], let count = row[1].flatMap({ Int($0) }) else {
                    continue
                }
                let own = articles.split(separator: ",").contains { $0 == articleID } ? 1 : 0
                counts[key] = count - own
            }
            return counts
        }
    }

    /// Remembers that `articleID` of `host` has these paragraph keys. Each key keeps up to
    /// `cap` article ids (enough to decide); each host keeps at most `maxPerHost` keys, the
    /// least seen and longest unseen forgotten first.
    public func learnBoilerplate(host: String, keys: [Int64], articleID: String, cap: Int, maxPerHost: Int) throws {
        try sync {
            try database.transaction {
                let sequence = try nextSequence()
                for key in keys {
                    let rows = try database.query(
                        "SELECT articles FROM boilerplate WHERE host = ? AND key = ?",
                        [.text(host), .integer(Int(key))])
                    if let articles = rows.first?[0] ?? nil {
                        var ids = articles.split(separator: ",").map(String.init)
                        if !ids.contains(articleID), ids.count < cap { ids.append(articleID) }
                        try database.query(
                            "UPDATE boilerplate SET articles = ?, article_count = ?, last_seen = ? WHERE host = "
                                + "? AND key = ?",
                            [
                                .text(ids.joined(separator: ",")), .integer(ids.count), .integer(sequence), .text(host),
                                .integer(Int(key)),
                            ])
                    } else {
                        try database.query(
                            "INSERT INTO boilerplate(host, key, articles, article_count, last_seen) VALUES(?, "
                                + "?, ?, 1, ?)",
                            [.text(host), .integer(Int(key)), .text(articleID), .integer(sequence)])
                    }
                }
                let total = try keyCount(host: host)
                if total > maxPerHost {
                    try database.query(
                        """
                        DELETE FROM boilerplate WHERE host = ? AND key IN (
                            SELECT key FROM boilerplate WHERE host = ? ORDER BY article_count, last_seen LIMIT ?)
                        """, [.text(host), .text(host), .integer(total - maxPerHost)])
                }
            }
        }
    }

    /// Paragraph keys remembered for a host.
    public func boilerplateKeyCount(host: String) throws -> Int {
        try sync { try keyCount(host: host) }
    }

    private func keyCount(host: String) throws -> Int {
        dispatchPrecondition(condition: .onQueue(queue))
        return Int(
            try database.query("SELECT COUNT(*) FROM boilerplate WHERE host = ?", [.text(host)]).first?[0] ?? "0") ?? 0
    }

    // MARK: Near-duplicate articles

    /// The earlier article most similar to `fingerprint` (at least `threshold`), other than
    /// `id` itself, resolved to the first of its duplicate chain. Candidates are the first
    /// articles of their clusters (copies are not indexed), so a copy is compared with the
    /// original, not with every earlier copy.
    /// - Complexity: one index seek per LSH band, then a comparison per candidate: near-constant
    ///   in the number of stored articles and in the size of a cluster.
    public func nearestDuplicate(of fingerprint: ArticleFingerprint, excluding id: String, threshold: Double) throws
        -> (id: String, similarity: Double)?
    {
        guard fingerprint.shingleCount > 0 else { return nil }
        return try sync {
            var candidates = Set<String>()
            for (band, bucket) in fingerprint.bandKeys.enumerated() {
                for row in try database.query(
                    "SELECT id FROM fingerprint_bands WHERE band = ? AND bucket = ?",
                    [.integer(band), .integer(Int(bucket))])
                {
                    if let candidate = row[0], candidate != id { candidates.insert(candidate) }
                }
            }
            var best: (id: String, similarity: Double, seq: Int, root: String)?
            for candidate in candidates {
                let rows = try database.queryBlobs(
                    "SELECT signature, shingles, duplicate_of, seq FROM fingerprints WHERE id = ?", [.text(candidate)])
                guard let row = rows.first, let blob = row[0], let shinglesData = row[1],
                    let shingles = Int(String(decoding: shinglesData, as: UTF8.self)),
                    let stored = ArticleFingerprint(data: blob, shingleCount: shingles)
                else { continue }
                let similarity = fingerprint.similarity(to: stored)
                guard similarity >= threshold else { continue }
                let seq = row[3].flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
                let root = row[2].map { String(decoding: $0, as: UTF8.self) } ?? candidate
                if best == nil || similarity > best!.similarity || (similarity == best!.similarity && seq < best!.seq) {
                    best = (candidate, similarity, seq, root)
                }
            }
            guard let best else { return nil }
            return (best.root == id ? best.id : best.root, best.similarity)
        }
    }

    /// Stores many new fingerprints in one transaction (importing an archive, seeding a
    /// benchmark). Ids must not be stored yet.
    public func storeFingerprints(_ batch: [(id: String, fingerprint: ArticleFingerprint)]) throws {
        try sync {
            try database.transaction {
                for (id, fingerprint) in batch {
                    let sequence = try nextSequence()
                    try database.query(
                        "INSERT INTO fingerprints(id, signature, shingles, duplicate_of, seq) VALUES(?, ?, ?, NULL, ?)",
                        [.text(id), .blob(fingerprint.data), .integer(fingerprint.shingleCount), .integer(sequence)])
                    for (band, bucket) in fingerprint.bandKeys.enumerated() {
                        try database.query(
                            "INSERT OR IGNORE INTO fingerprint_bands(band, bucket, id) VALUES(?, ?, ?)",
                            [.integer(band), .integer(Int(bucket)), .text(id)])
                    }
                }
            }
        }
    }

    /// Stores (or replaces) an article's fingerprint; only articles that are no one's copy are
    /// indexed for lookup (see ``nearestDuplicate(of:excluding:threshold:)``).
    public func storeFingerprint(id: String, fingerprint: ArticleFingerprint, duplicateOf: String?) throws {
        try sync {
            try database.transaction {
                // A new revision replaces the old fingerprint: its band rows go by primary key.
                let old = try database.queryBlobs("SELECT signature FROM fingerprints WHERE id = ?", [.text(id)])
                if let blob = old.first?[0] ?? nil, let previous = ArticleFingerprint(data: blob, shingleCount: 1) {
                    for (band, bucket) in previous.bandKeys.enumerated() {
                        try database.query(
                            "DELETE FROM fingerprint_bands WHERE band = ? AND bucket = ? AND id = ?",
                            [.integer(band), .integer(Int(bucket)), .text(id)])
                    }
                }
                let sequence = try nextSequence()
                try database.query(
                    """
                    INSERT INTO fingerprints(id, signature, shingles, duplicate_of, seq) VALUES(?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET signature = excluded.signature, shingles = excluded.shingles,
                        duplicate_of = excluded.duplicate_of
                    """,
                    [
                        .text(id), .blob(fingerprint.data), .integer(fingerprint.shingleCount), .optional(duplicateOf),
                        .integer(sequence),
                    ])
                // Only the first article of a cluster goes into the band index: a copy is
                // matched against it, and a wire story on a hundred sites costs one comparison,
                // not a hundred.
                guard fingerprint.shingleCount > 0, duplicateOf == nil else { return }
                for (band, bucket) in fingerprint.bandKeys.enumerated() {
                    try database.query(
                        "INSERT OR IGNORE INTO fingerprint_bands(band, bucket, id) VALUES(?, ?, ?)",
                        [.integer(band), .integer(Int(bucket)), .text(id)])
                }
            }
        }
    }

    // MARK: robots.txt

    /// An origin's robots.txt stored within `maxAge` seconds.
    public func robots(origin: String, maxAge: Double, now: Date = Date()) throws -> CachedRobots? {
        try sync {
            let rows = try database.queryBlobs("SELECT body, fetched_at FROM robots WHERE origin = ?", [.text(origin)])
            guard let row = rows.first, let fetchedData = row[1],
                let fetched = Double(String(decoding: fetchedData, as: UTF8.self)),
                now.timeIntervalSince1970 - fetched <= maxAge
            else { return nil }
            return CachedRobots(body: row[0].map { [UInt8]($0) })
        }
    }

    /// Remembers an origin's robots.txt (nil: it has none, everything is allowed).
    public func storeRobots(origin: String, body: [UInt8]?, at date: Date = Date()) throws {
        try sync {
            try database.query(
                "INSERT INTO robots(origin, body, fetched_at) VALUES(?, ?, ?) ON CONFLICT(origin) DO UPDATE SET "
                    + "body = excluded.body, fetched_at = excluded.fetched_at",
                [.text(origin), body.map { .blob(Data($0)) } ?? .null, .integer(Int(date.timeIntervalSince1970))])
        }
    }

    // MARK: Backfill checkpoints

    /// A backfill job's row: whether it finished, and how many items are done.
    public func backfillJob(_ job: String) throws -> (finished: Bool, done: Int)? {
        try sync {
            let rows = try database.query("SELECT finished_at FROM backfill_jobs WHERE job = ?", [.text(job)])
            guard let row = rows.first else { return nil }
            let done =
                Int(
                    try database.query("SELECT COUNT(*) FROM backfill_items WHERE job = ?", [.text(job)]).first?[0]
                        ?? "0") ?? 0
            return (row[0] != nil, done)
        }
    }

    /// Creates a job's row, or with `restart` forgets what an earlier run of it did.
    public func startBackfillJob(_ job: String, description: String, restart: Bool, at date: Date = Date()) throws {
        try sync {
            try database.transaction {
                if restart {
                    try database.query("DELETE FROM backfill_items WHERE job = ?", [.text(job)])
                    try database.query("DELETE FROM backfill_jobs WHERE job = ?", [.text(job)])
                }
                try database.query(
                    "INSERT OR IGNORE INTO backfill_jobs(job, description, started_at, finished_at) VALUES(?, "
                        + "?, ?, NULL)",
                    [.text(job), .text(description), .text(Self.timestamp(date))])
            }
        }
    }

    public func isBackfillItemDone(job: String, item: String) throws -> Bool {
        try sync {
            !(try database.query("SELECT 1 FROM backfill_items WHERE job = ? AND item = ?", [.text(job), .text(item)]))
                .isEmpty
        }
    }

    public func markBackfillItemDone(job: String, item: String) throws {
        try sync {
            try database.query(
                "INSERT OR IGNORE INTO backfill_items(job, item) VALUES(?, ?)", [.text(job), .text(item)])
        }
    }

    /// Marks a job finished: started again, it does nothing unless restarted.
    public func finishBackfillJob(_ job: String, at date: Date = Date()) throws {
        try sync {
            try database.query(
                "UPDATE backfill_jobs SET finished_at = ? WHERE job = ?", [.text(Self.timestamp(date)), .text(job)])
        }
    }

    /// Articles in the near-duplicate band index.
    // MARK: Quarantine

    /// Counts one more crash of each item (a URL, or "file#record" for an archive).
    public func recordCrash(item: String, at date: Date = Date()) throws {
        try sync {
            try database.query(
                """
                INSERT INTO quarantine(item, crashes, last_crash) VALUES(?, 1, ?)
                ON CONFLICT(item) DO UPDATE SET crashes = crashes + 1, last_crash = excluded.last_crash
                """, [.text(item), .text(Self.timestamp(date))])
        }
    }

    /// How many runs the item has taken down.
    public func crashCount(item: String) throws -> Int {
        try sync {
            let rows = try database.query("SELECT crashes FROM quarantine WHERE item = ?", [.text(item)])
            guard let value = rows.first?.first ?? nil else { return 0 }
            return Int(value) ?? 0
        }
    }

    /// Every item that has taken down at least `crashes` runs.
    public func crashedItems(atLeast crashes: Int) throws -> Set<String> {
        try sync {
            let rows = try database.query("SELECT item FROM quarantine WHERE crashes >= ?", [.integer(crashes)])
            return Set(rows.compactMap { $0.first ?? nil })
        }
    }

    public func indexedFingerprintCount() throws -> Int {
        try sync { Int(try database.query("SELECT COUNT(DISTINCT id) FROM fingerprint_bands").first?[0] ?? "0") ?? 0 }
    }

    /// Number of articles known.
    public func articleCount() throws -> Int {
        try sync { Int(try database.query("SELECT COUNT(*) FROM articles").first?[0] ?? "0") ?? 0 }
    }

    static func timestamp(_ date: Date) -> String { OffsetDate(date: date, offsetSeconds: 0).iso8601 }
}

extension StateStore: RobotsCache {
    /// A state that cannot be read counts as a miss: the file is fetched again.
    public func cachedRobots(origin: String, maxAge: Double) -> CachedRobots? {
        (try? robots(origin: origin, maxAge: maxAge)) ?? nil
    }

    public func storeRobots(origin: String, body: [UInt8]?) {
        try? storeRobots(origin: origin, body: body, at: Date())
    }
}
