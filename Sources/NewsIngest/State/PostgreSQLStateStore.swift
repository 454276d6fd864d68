import Foundation

/// The state of many workers in one PostgreSQL database (`[run] state_url`): every concern
/// ``StateStore`` keeps in SQLite, with the same meaning, in the schema `newsingest_state`.
///
/// What sharing changes, and how it is kept right:
/// - A site is one shard's (``Shard``), and the run lock is one advisory lock per shard
///   (``AdvisoryRunLock``): an article's ledger row, a host's boilerplate memory and its
///   robots.txt have one writer at a time, as with SQLite.
/// - Near-duplicates cross sites, so shards meet them at once. ``matchOrClaim(_:id:threshold:)``
///   looks for an earlier copy and, when there is none, enters the article as the first of its
///   cluster in the same transaction, under an advisory lock per LSH bucket of its fingerprint:
///   two copies share a bucket (that is how they find each other), so the second waits for the
///   first and finds it.
/// - A ledger row never goes back to an older revision (`commit` only moves it forward).
///
/// Times are stored as seconds since 1970 (UTC). One connection, confined to a serial queue.
public final class PostgreSQLStateStore: @unchecked Sendable {
    public static let schema = "newsingest_state"
    public static let schemaVersion = 1
    /// The first key of every advisory lock NewsIngest takes ("NI"), the second names what is
    /// locked (``AdvisoryKey``).
    static let lockNamespace: Int32 = 0x4E49

    private let queue = DispatchQueue(label: "newsingest.state.postgresql")
    private let connection: PostgreSQLConnection
    /// The URL without its password.
    public let location: String

    public init(url: String) throws {
        location = PostgreSQLConnection.redacted(url)
        connection = try Self.checked("connect") { try PostgreSQLConnection(url: url, applicationName: "newsingest") }
        try Self.checked("create schema") { try Self.createSchema(connection) }
        // The durability of SQLite's WAL with synchronous=NORMAL, which the embedded state uses: a
        // server crash may forget the last moments' commits (never corrupt them). The record is
        // fsynced in the spool before its ledger row, so a forgotten row means the article is
        // written again, not lost; and no commit waits for the server's disk.
        _ = try Self.checked("configure session") { try connection.execute("SET synchronous_commit TO off") }
    }

    /// Creates the schema once: workers starting together take turns (concurrent `CREATE TABLE IF
    /// NOT EXISTS` of one table can fail on PostgreSQL's catalog).
    private static func createSchema(_ connection: PostgreSQLConnection) throws {
        try connection.transaction {
            try connection.execute(
                "SELECT pg_advisory_xact_lock($1::int4, $2::int4)",
                ["\(lockNamespace)", "\(AdvisoryKey.schema)"])
            try connection.execute(
                """
                CREATE SCHEMA IF NOT EXISTS \(schema);
                SET LOCAL search_path TO \(schema);
                CREATE TABLE IF NOT EXISTS meta(key text PRIMARY KEY, value text NOT NULL);
                CREATE TABLE IF NOT EXISTS articles(
                    id text PRIMARY KEY, canonical_url text NOT NULL, content_hash text NOT NULL,
                    revision integer NOT NULL, first_seen bigint NOT NULL, last_seen bigint NOT NULL, source text);
                CREATE INDEX IF NOT EXISTS articles_by_source ON articles(source);
                CREATE INDEX IF NOT EXISTS articles_by_last_seen ON articles(last_seen);
                CREATE TABLE IF NOT EXISTS fetches(
                    url text PRIMARY KEY, etag text, last_modified text, status integer NOT NULL, article_id text,
                    checked_at bigint NOT NULL);
                CREATE TABLE IF NOT EXISTS boilerplate(
                    host text NOT NULL, key bigint NOT NULL, articles text[] NOT NULL, last_seen bigint NOT NULL,
                    PRIMARY KEY(host, key));
                CREATE TABLE IF NOT EXISTS fingerprints(
                    id text PRIMARY KEY, signature bytea NOT NULL, shingles integer NOT NULL, duplicate_of text,
                    seq bigint NOT NULL);
                CREATE TABLE IF NOT EXISTS fingerprint_bands(
                    band smallint NOT NULL, bucket bigint NOT NULL, id text NOT NULL, PRIMARY KEY(band, bucket, id));
                CREATE INDEX IF NOT EXISTS fingerprint_bands_by_id ON fingerprint_bands(id);
                CREATE TABLE IF NOT EXISTS robots(origin text PRIMARY KEY, body bytea, fetched_at bigint NOT NULL);
                CREATE TABLE IF NOT EXISTS backfill_jobs(
                    job text PRIMARY KEY, description text NOT NULL, started_at bigint NOT NULL, finished_at bigint);
                CREATE TABLE IF NOT EXISTS backfill_items(
                    job text NOT NULL, item text NOT NULL, PRIMARY KEY(job, item));
                CREATE TABLE IF NOT EXISTS quarantine(
                    item text PRIMARY KEY, crashes integer NOT NULL, last_crash bigint NOT NULL);
                CREATE TABLE IF NOT EXISTS runs(
                    id bigserial PRIMARY KEY, command text NOT NULL, started_at bigint NOT NULL,
                    finished_at bigint NOT NULL, exit_code integer NOT NULL, summary text NOT NULL);
                CREATE INDEX IF NOT EXISTS runs_by_command ON runs(command, finished_at);
                CREATE TABLE IF NOT EXISTS source_runs(
                    run_id bigint NOT NULL, source text NOT NULL, written integer NOT NULL, unchanged integer NOT NULL,
                    failed integer NOT NULL, skipped integer NOT NULL, feeds integer NOT NULL,
                    feeds_failed integer NOT NULL, reasons text NOT NULL, PRIMARY KEY(source, run_id));
                CREATE SEQUENCE IF NOT EXISTS learning_sequence;
                INSERT INTO meta(key, value) VALUES('schema_version', '\(schemaVersion)') ON CONFLICT DO NOTHING;
                """)
        }
        try connection.execute("SET search_path TO \(schema)")
    }

    /// Runs `body` on the connection's queue, a PostgreSQL failure turned into the state's error
    /// (which stops a run: exit 74).
    @discardableResult
    func sync<T>(_ operation: String, _ body: (PostgreSQLConnection) throws -> T) throws -> T {
        try queue.sync { try Self.checked(operation) { try body(connection) } }
    }

    private static func checked<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgreSQLError {
            throw StateError(
                code: error.connectionFailed ? 8 : 1, operation: "postgresql: \(operation)", message: error.message)
        }
    }

    static func epoch(_ date: Date) -> String { "\(Int64(date.timeIntervalSince1970.rounded(.down)))" }

    /// A PostgreSQL array literal of integers (`{1,2,3}`).
    static func array(_ values: [Int64]) -> String { "{" + values.map(String.init).joined(separator: ",") + "}" }

    /// bytea in PostgreSQL's hex text form (`\x0a1b…`), both ways.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(hex text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else {
            return nil
        }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity((utf8.count - 2) / 2)
        var i = 2
        while i < utf8.count {
            guard let high = nibble(utf8[i]), let low = nibble(utf8[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    // MARK: Article ledger

    public func validators(for url: String) throws -> Validators? {
        try sync("validators") { db in
            guard let row = try db.execute("SELECT etag, last_modified FROM fetches WHERE url = $1", [url]).first,
                row[0] != nil || row[1] != nil
            else { return nil }
            return Validators(etag: row[0], lastModified: row[1])
        }
    }

    public func recordFetch(url: String, validators: Validators, status: Int, articleID: String?, at date: Date)
        throws
    {
        try sync("record fetch") { db in
            try db.execute(
                """
                INSERT INTO fetches(url, etag, last_modified, status, article_id, checked_at)
                VALUES($1, $2, $3, $4, $5, $6)
                ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                    status = excluded.status, article_id = COALESCE(excluded.article_id, fetches.article_id),
                    checked_at = excluded.checked_at
                """,
                [url, validators.etag, validators.lastModified, "\(status)", articleID, Self.epoch(date)])
        }
    }

    public func status(id: String, contentHash: String) throws -> ArticleStatus {
        try sync("article status") { db in
            guard let row = try db.execute("SELECT content_hash, revision FROM articles WHERE id = $1", [id]).first,
                let hash = row[0], let revision = row[1].flatMap({ Int($0) })
            else { return .new }
            return hash == contentHash ? .unchanged : .changed(revision: revision + 1)
        }
    }

    /// Stores a record as delivered. A row only moves forward: a worker that computed an older
    /// revision (two workers on one article, which sharding by site rules out) cannot undo a
    /// newer one.
    public func commit(_ record: ArticleRecord, at date: Date) throws {
        try sync("commit article") { db in
            let now = Self.epoch(date)
            try db.execute(
                """
                INSERT INTO articles(id, canonical_url, content_hash, revision, first_seen, last_seen, source)
                VALUES($1, $2, $3, $4, $5, $5, $6)
                ON CONFLICT(id) DO UPDATE SET content_hash = excluded.content_hash, revision = excluded.revision,
                    canonical_url = excluded.canonical_url, last_seen = excluded.last_seen,
                    source = COALESCE(excluded.source, articles.source)
                WHERE articles.revision <= excluded.revision
                """,
                [
                    record.id, record.canonicalURL ?? record.id, record.contentHash, "\(record.revision)", now,
                    record.source,
                ])
        }
    }

    public func touch(id: String, at date: Date) throws {
        try sync("touch article") { db in
            try db.execute("UPDATE articles SET last_seen = $1 WHERE id = $2", [Self.epoch(date), id])
        }
    }

    public func articleCount() throws -> Int {
        try sync("count articles") { db in Int(try db.execute("SELECT count(*) FROM articles").first?[0] ?? "0") ?? 0 }
    }

    // MARK: Site boilerplate

    public func boilerplateCounts(host: String, keys: [Int64], excluding articleID: String) throws -> [Int64: Int] {
        guard !keys.isEmpty else { return [:] }
        return try sync("boilerplate counts") { db in
            var counts: [Int64: Int] = [:]
            for row in try db.execute(
                """
                SELECT key, cardinality(articles) - CASE WHEN $3 = ANY(articles) THEN 1 ELSE 0 END
                FROM boilerplate WHERE host = $1 AND key = ANY($2::bigint[])
                """, [host, Self.array(keys), articleID])
            {
                if let key = row[0].flatMap({ Int64($0) }), let count = row[1].flatMap({ Int($0) }) {
                    counts[key] = count
                }
            }
            return counts
        }
    }

    /// As ``StateStore/learnBoilerplate(host:keys:articleID:cap:maxPerHost:)``: each key keeps up
    /// to `cap` article ids, each host at most `maxPerHost` keys (least seen, longest unseen go
    /// first). One statement for all keys, and a second only when the host is over its limit (a
    /// host is one shard's, and its filter has one worker: nothing comes between the two).
    public func learnBoilerplate(host: String, keys: [Int64], articleID: String, cap: Int, maxPerHost: Int) throws {
        // A key twice in one statement would make ON CONFLICT update a row twice (an error).
        var seen = Set<Int64>()
        let unique = keys.filter { seen.insert($0).inserted }
        try sync("learn boilerplate") { db in
            let rows = try db.execute(
                """
                WITH before AS (SELECT count(*) AS n FROM boilerplate WHERE host = $1),
                sequence AS (SELECT nextval('learning_sequence') AS v),
                learnt AS (
                    INSERT INTO boilerplate(host, key, articles, last_seen)
                    SELECT $1, k, ARRAY[$3::text], (SELECT v FROM sequence) FROM unnest($2::bigint[]) AS k
                    ON CONFLICT(host, key) DO UPDATE SET last_seen = excluded.last_seen,
                        articles = CASE WHEN $3 = ANY(boilerplate.articles)
                            OR cardinality(boilerplate.articles) >= $4::int
                            THEN boilerplate.articles ELSE boilerplate.articles || $3::text END
                    RETURNING xmax = 0 AS inserted)
                SELECT (SELECT n FROM before) + (SELECT count(*) FROM learnt WHERE inserted)
                """, [host, Self.array(unique), articleID, "\(cap)"])
            let total = Int(rows.first?[0] ?? "0") ?? 0
            guard total > maxPerHost else { return }
            try db.execute(
                """
                DELETE FROM boilerplate WHERE host = $1 AND key IN (
                    SELECT key FROM boilerplate WHERE host = $1
                    ORDER BY cardinality(articles), last_seen, key LIMIT $2::int)
                """, [host, "\(total - maxPerHost)"])
        }
    }

    public func boilerplateKeyCount(host: String) throws -> Int {
        try sync("count boilerplate") { db in
            Int(try db.execute("SELECT count(*) FROM boilerplate WHERE host = $1", [host]).first?[0] ?? "0") ?? 0
        }
    }

    // MARK: Near-duplicate articles

    public func nearestDuplicate(of fingerprint: ArticleFingerprint, excluding id: String, threshold: Double) throws
        -> (id: String, similarity: Double)?
    {
        guard fingerprint.shingleCount > 0 else { return nil }
        return try sync("near-duplicate lookup") { db in
            try Self.nearest(db, fingerprint: fingerprint, excluding: id, threshold: threshold)
        }
    }

    /// The lookup, in one statement: the candidates sharing a band bucket, then the most similar
    /// one resolved to the first of its cluster (as ``StateStore``'s, with the same tie-break).
    private static func nearest(
        _ db: PostgreSQLConnection, fingerprint: ArticleFingerprint, excluding id: String, threshold: Double
    ) throws -> (id: String, similarity: Double)? {
        let rows = try db.execute(
            """
            SELECT f.id, f.signature, f.shingles, f.duplicate_of, f.seq FROM fingerprints f
            WHERE f.id <> $2 AND f.id IN (
                SELECT b.id FROM unnest($1::bigint[]) WITH ORDINALITY AS k(bucket, n)
                JOIN fingerprint_bands b ON b.band = k.n - 1 AND b.bucket = k.bucket)
            """, [array(fingerprint.bandKeys), id])
        var best: (id: String, similarity: Double, seq: Int64, root: String)?
        for row in rows {
            guard let candidate = row[0], let blob = row[1].flatMap(bytes(hex:)),
                let shingles = row[2].flatMap({ Int($0) }),
                let stored = ArticleFingerprint(data: Data(blob), shingleCount: shingles)
            else { continue }
            let similarity = fingerprint.similarity(to: stored)
            guard similarity >= threshold else { continue }
            let seq = row[4].flatMap { Int64($0) } ?? 0
            let root = row[3] ?? candidate
            if best == nil || similarity > best!.similarity || (similarity == best!.similarity && seq < best!.seq) {
                best = (candidate, similarity, seq, root)
            }
        }
        guard let best else { return nil }
        return (best.root == id ? best.id : best.root, best.similarity)
    }

    /// Looks for an earlier copy and, when none is found, enters the article as the first of its
    /// cluster before the transaction ends: a worker meeting another copy now waits on the bucket
    /// lock both take and finds this one. Locks are taken in key order, so two workers never wait
    /// on each other. The lookup is a statement of its own, after the locks: its snapshot then
    /// holds what the worker that had them committed.
    public func matchOrClaim(_ fingerprint: ArticleFingerprint, id: String, threshold: Double) throws
        -> (id: String, similarity: Double)?
    {
        guard fingerprint.shingleCount > 0 else { return nil }
        let lockKeys = Set(
            fingerprint.bandKeys.enumerated().map { AdvisoryKey.bucket(band: $0.offset, key: $0.element) }
        )
        .sorted()
        return try sync("near-duplicate claim") { db in
            // Numbers of our own, so one round trip without parameters can begin and lock.
            try db.execute(
                "BEGIN; SELECT count(pg_advisory_xact_lock(\(Self.lockNamespace), k)) FROM unnest('"
                    + Self.array(lockKeys.map(Int64.init)) + "'::int4[]) AS k")
            do {
                let match = try Self.nearest(db, fingerprint: fingerprint, excluding: id, threshold: threshold)
                if match == nil { try Self.store(db, id: id, fingerprint: fingerprint, duplicateOf: nil) }
                try db.execute("COMMIT")
                return match
            } catch {
                _ = try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func storeFingerprint(id: String, fingerprint: ArticleFingerprint, duplicateOf: String?) throws {
        try sync("store fingerprint") { db in
            try Self.store(db, id: id, fingerprint: fingerprint, duplicateOf: duplicateOf)
        }
    }

    /// Stores (or replaces) a fingerprint in one statement; only the first article of a cluster
    /// is in the band index (its rows of an older revision that the new one does not share go).
    private static func store(
        _ db: PostgreSQLConnection, id: String, fingerprint: ArticleFingerprint, duplicateOf: String?
    ) throws {
        let indexed = fingerprint.shingleCount > 0 && duplicateOf == nil
        try db.execute(
            """
            WITH new_bands AS (
                SELECT (k.n - 1)::smallint AS band, k.bucket FROM unnest($5::bigint[]) WITH ORDINALITY AS k(bucket, n)
                WHERE $6::bool),
            gone AS (
                DELETE FROM fingerprint_bands WHERE id = $1 AND (band, bucket) NOT IN (SELECT * FROM new_bands)),
            saved AS (
                INSERT INTO fingerprints(id, signature, shingles, duplicate_of, seq)
                VALUES($1, $2::bytea, $3, $4, nextval('learning_sequence'))
                ON CONFLICT(id) DO UPDATE SET signature = excluded.signature, shingles = excluded.shingles,
                    duplicate_of = excluded.duplicate_of)
            INSERT INTO fingerprint_bands(band, bucket, id) SELECT band, bucket, $1 FROM new_bands
            ON CONFLICT DO NOTHING
            """,
            [
                id, hex(fingerprint.data), "\(fingerprint.shingleCount)", duplicateOf, array(fingerprint.bandKeys),
                indexed ? "true" : "false",
            ])
    }

    /// Stores many new fingerprints in one transaction (seeding a benchmark).
    public func storeFingerprints(_ batch: [(id: String, fingerprint: ArticleFingerprint)]) throws {
        try sync("store fingerprints") { db in
            try db.transaction {
                for (id, fingerprint) in batch {
                    try Self.store(db, id: id, fingerprint: fingerprint, duplicateOf: nil)
                }
            }
        }
    }

    public func indexedFingerprintCount() throws -> Int {
        try sync("count fingerprints") { db in
            Int(try db.execute("SELECT count(DISTINCT id) FROM fingerprint_bands").first?[0] ?? "0") ?? 0
        }
    }

    // MARK: robots.txt

    public func robots(origin: String, maxAge: Double, now: Date = Date()) throws -> CachedRobots? {
        try sync("robots.txt") { db in
            guard let row = try db.execute("SELECT body, fetched_at FROM robots WHERE origin = $1", [origin]).first,
                let fetched = row[1].flatMap({ Double($0) }), now.timeIntervalSince1970 - fetched <= maxAge
            else { return nil }
            return CachedRobots(body: row[0].flatMap(Self.bytes(hex:)))
        }
    }

    public func storeRobots(origin: String, body: [UInt8]?, at date: Date) throws {
        try sync("store robots.txt") { db in
            try db.execute(
                """
                INSERT INTO robots(origin, body, fetched_at) VALUES($1, $2::bytea, $3)
                ON CONFLICT(origin) DO UPDATE SET body = excluded.body, fetched_at = excluded.fetched_at
                """, [origin, body.map { Self.hex($0) }, Self.epoch(date)])
        }
    }

    // MARK: Backfill checkpoints

    public func backfillJob(_ job: String) throws -> (finished: Bool, done: Int)? {
        try sync("backfill job") { db in
            guard
                let row = try db.execute(
                    """
                    SELECT finished_at IS NOT NULL, (SELECT count(*) FROM backfill_items WHERE job = $1)
                    FROM backfill_jobs WHERE job = $1
                    """, [job]
                ).first
            else { return nil }
            return (row[0] == "t", Int(row[1] ?? "0") ?? 0)
        }
    }

    public func startBackfillJob(_ job: String, description: String, restart: Bool, at date: Date) throws {
        try sync("start backfill job") { db in
            try db.transaction {
                if restart {
                    try db.execute("DELETE FROM backfill_items WHERE job = $1", [job])
                    try db.execute("DELETE FROM backfill_jobs WHERE job = $1", [job])
                }
                try db.execute(
                    """
                    INSERT INTO backfill_jobs(job, description, started_at, finished_at) VALUES($1, $2, $3, NULL)
                    ON CONFLICT DO NOTHING
                    """, [job, description, Self.epoch(date)])
            }
        }
    }

    public func isBackfillItemDone(job: String, item: String) throws -> Bool {
        try sync("backfill item") { db in
            !(try db.execute("SELECT 1 FROM backfill_items WHERE job = $1 AND item = $2", [job, item])).isEmpty
        }
    }

    public func markBackfillItemDone(job: String, item: String) throws {
        try sync("mark backfill item") { db in
            try db.execute(
                "INSERT INTO backfill_items(job, item) VALUES($1, $2) ON CONFLICT DO NOTHING", [job, item])
        }
    }

    public func finishBackfillJob(_ job: String, at date: Date) throws {
        try sync("finish backfill job") { db in
            try db.execute("UPDATE backfill_jobs SET finished_at = $1 WHERE job = $2", [Self.epoch(date), job])
        }
    }

    // MARK: Quarantine

    public func recordCrash(item: String, at date: Date) throws {
        try sync("record crash") { db in
            try db.execute(
                """
                INSERT INTO quarantine(item, crashes, last_crash) VALUES($1, 1, $2)
                ON CONFLICT(item) DO UPDATE SET crashes = quarantine.crashes + 1, last_crash = excluded.last_crash
                """, [item, Self.epoch(date)])
        }
    }

    public func crashCount(item: String) throws -> Int {
        try sync("crash count") { db in
            Int(try db.execute("SELECT crashes FROM quarantine WHERE item = $1", [item]).first?[0] ?? "0") ?? 0
        }
    }

    public func crashedItems(atLeast crashes: Int) throws -> Set<String> {
        try sync("crashed items") { db in
            Set(try db.execute("SELECT item FROM quarantine WHERE crashes >= $1", ["\(crashes)"]).compactMap { $0[0] })
        }
    }

    public func quarantinedCount() throws -> Int { try crashedItems(atLeast: Quarantine.crashLimit).count }
}

extension PostgreSQLStateStore: RobotsCache {
    /// A state that cannot be read counts as a miss: the file is fetched again.
    public func cachedRobots(origin: String, maxAge: Double) -> CachedRobots? {
        (try? robots(origin: origin, maxAge: maxAge)) ?? nil
    }

    public func storeRobots(origin: String, body: [UInt8]?) {
        try? storeRobots(origin: origin, body: body, at: Date())
    }
}

/// The second key of NewsIngest's advisory locks (the first is
/// ``PostgreSQLStateStore/lockNamespace``).
enum AdvisoryKey {
    /// Creating the schema.
    static let schema: Int32 = 1
    /// Pruning (one worker prunes; the others skip).
    static let prune: Int32 = 2

    /// The run lock of a shard ("all" for a worker that is not one), in its own range of keys.
    static func run(shard: String) -> Int32 {
        Int32(bitPattern: UInt32(truncatingIfNeeded: FNV1a.hash(("run " + shard).utf8)) | 0x8000_0000)
    }

    /// An LSH bucket of the near-duplicate index (band and key), in the positive range above 16.
    static func bucket(band: Int, key: Int64) -> Int32 {
        var h = FNV1a.mix(FNV1a.offset ^ UInt64(band), UInt64(bitPattern: key))
        h ^= h >> 32
        return Int32(truncatingIfNeeded: h & 0x7FFF_FFFF) | 16
    }
}
