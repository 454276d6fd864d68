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
    private let database: SQLiteDatabase
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
            INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '\(Self.schemaVersion)');
            """)
    }

    @discardableResult
    private func sync<T>(_ body: () throws -> T) rethrows -> T {
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
    public func recordFetch(url: String, validators: Validators, status: Int, articleID: String?, at date: Date = Date()) throws {
        try sync {
            try database.query(
                """
                INSERT INTO fetches(url, etag, last_modified, status, article_id, checked_at) VALUES(?, ?, ?, ?, ?, ?)
                ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                    status = excluded.status, article_id = COALESCE(excluded.article_id, fetches.article_id),
                    checked_at = excluded.checked_at
                """,
                [.text(url), .optional(validators.etag), .optional(validators.lastModified), .integer(status),
                 .optional(articleID), .text(Self.timestamp(date))])
        }
    }

    /// Whether a record with this id and content is new, changed or unchanged.
    public func status(id: String, contentHash: String) throws -> ArticleStatus {
        try sync {
            let rows = try database.query("SELECT content_hash, revision FROM articles WHERE id = ?", [.text(id)])
            guard let row = rows.first, let hash = row[0], let revision = row[1].flatMap({ Int($0) }) else { return .new }
            return hash == contentHash ? .unchanged : .changed(revision: revision + 1)
        }
    }

    /// Stores a record as delivered, after it reached the spool.
    public func commit(_ record: ArticleRecord, at date: Date = Date()) throws {
        try sync {
            let now = Self.timestamp(date)
            try database.query(
                """
                INSERT INTO articles(id, canonical_url, content_hash, revision, first_seen, last_seen) VALUES(?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET content_hash = excluded.content_hash, revision = excluded.revision,
                    canonical_url = excluded.canonical_url, last_seen = excluded.last_seen
                """,
                [.text(record.id), .text(record.canonicalURL ?? record.id), .text(record.contentHash), .integer(record.revision),
                 .text(now), .text(now)])
        }
    }

    /// Marks an unchanged article as seen now.
    public func touch(id: String, at date: Date = Date()) throws {
        try sync {
            try database.query("UPDATE articles SET last_seen = ? WHERE id = ?", [.text(Self.timestamp(date)), .text(id)])
        }
    }

    /// Number of articles known.
    public func articleCount() throws -> Int {
        try sync { Int(try database.query("SELECT COUNT(*) FROM articles").first?[0] ?? "0") ?? 0 }
    }

    static func timestamp(_ date: Date) -> String { OffsetDate(date: date, offsetSeconds: 0).iso8601 }
}
