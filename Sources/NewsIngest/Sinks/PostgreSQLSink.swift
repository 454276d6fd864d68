import Foundation

/// Delivers records into a PostgreSQL table, one row per article at its highest revision.
///
/// The table (created if missing; `docs/SINKS.md` documents it):
///
/// ```sql
/// CREATE TABLE articles (
///     id            text PRIMARY KEY,      -- the record's id (SHA-256 prefix of canonical_url)
///     revision      integer NOT NULL,      -- only a higher revision replaces a row
///     url           text,
///     canonical_url text,
///     source        text,
///     title         text,
///     language      text NOT NULL,
///     published_at  timestamptz,
///     modified_at   timestamptz,
///     fetched_at    timestamptz NOT NULL,
///     duplicate_of  text,                  -- id of the earlier near-duplicate, if any
///     content_hash  text NOT NULL,
///     record        jsonb NOT NULL,        -- the whole record as in the spool
///     delivered_at  timestamptz NOT NULL DEFAULT now());
/// ```
///
/// A batch is one transaction of upserts keyed on `id` that replace a row only when the
/// incoming `revision` is higher: delivering the same record twice (after a crash) or an older
/// revision late changes nothing, so delivery is idempotent.
public final class PostgreSQLSink: RecordSink {
    public let name: String
    public let url: String
    /// The table, as a quoted SQL identifier (`"articles"` or `"news"."articles"`).
    let table: String
    private let tableText: String
    private var connection: PostgreSQLConnection?
    private let timestamps = TimestampFilter()

    public static let defaultTable = "articles"

    /// Throws ``ConfigError`` for a table name that is not a plain (optionally schema-qualified)
    /// identifier: it is spliced into SQL, so nothing else is let through.
    public init(name: String, url: String, table: String = PostgreSQLSink.defaultTable) throws {
        guard let quoted = Self.quotedIdentifier(table) else {
            throw ConfigError(
                file: name,
                message: "table '\(table)': expected \(Self.tableNameRule)")
        }
        self.name = name
        self.url = url
        self.table = quoted
        tableText = table
    }

    /// What ``quotedIdentifier(_:)`` lets through, for messages.
    static let tableNameRule = "letters, digits and '_' (optionally schema.table), 63 at most each"

    static func quotedIdentifier(_ name: String) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return nil }
        for part in parts {
            guard (1...63).contains(part.utf8.count), let first = part.unicodeScalars.first,
                first == "_" || (first.isASCII && first.properties.isAlphabetic),
                part.unicodeScalars.allSatisfy({
                    $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
                })
            else { return nil }
        }
        return parts.map { "\"\($0)\"" }.joined(separator: ".")
    }

    /// The connection, opened on first use with the table made ready.
    private func open() throws -> PostgreSQLConnection {
        if let connection { return connection }
        let opened: PostgreSQLConnection
        do {
            opened = try PostgreSQLConnection(url: url)
            // Two processes creating the table at once can both pass IF NOT EXISTS and collide
            // in the catalog: a transaction-scoped advisory lock on the table name serializes them.
            try opened.transaction {
                try opened.execute("SELECT pg_advisory_xact_lock(hashtext($1))", ["newsingest.sink." + tableText])
                try opened.execute(
                    """
                    CREATE TABLE IF NOT EXISTS \(table) (
                        id text PRIMARY KEY,
                        revision integer NOT NULL,
                        url text,
                        canonical_url text,
                        source text,
                        title text,
                        language text NOT NULL,
                        published_at timestamptz,
                        modified_at timestamptz,
                        fetched_at timestamptz NOT NULL,
                        duplicate_of text,
                        content_hash text NOT NULL,
                        record jsonb NOT NULL,
                        delivered_at timestamptz NOT NULL DEFAULT now())
                    """, operation: "create table \(tableText)")
                // Indexers that poll the table read "rows delivered since my last look".
                let tableName = tableText.split(separator: ".").last.map(String.init) ?? tableText
                let index = "\"" + tableName.prefix(48) + "_delivered_at\""
                try opened.execute(
                    "CREATE INDEX IF NOT EXISTS \(index) ON \(table) (delivered_at)",
                    operation: "create index on \(tableText)")
            }
        } catch let error as PostgreSQLError {
            throw SinkUnavailableError(sink: name, reason: error.description)
        }
        connection = opened
        return opened
    }

    private var upsert: String {
        """
        INSERT INTO \(table) AS t (id, revision, url, canonical_url, source, title, language, published_at,
            modified_at, fetched_at, duplicate_of, content_hash, record)
        VALUES ($1, $2::integer, $3, $4, $5, $6, $7, $8::timestamptz, $9::timestamptz,
            COALESCE($10::timestamptz, now()), $11, $12, $13::jsonb)
        ON CONFLICT (id) DO UPDATE SET revision = EXCLUDED.revision, url = EXCLUDED.url,
            canonical_url = EXCLUDED.canonical_url, source = EXCLUDED.source, title = EXCLUDED.title,
            language = EXCLUDED.language, published_at = EXCLUDED.published_at,
            modified_at = EXCLUDED.modified_at, fetched_at = EXCLUDED.fetched_at,
            duplicate_of = EXCLUDED.duplicate_of, content_hash = EXCLUDED.content_hash,
            record = EXCLUDED.record, delivered_at = now()
        WHERE t.revision < EXCLUDED.revision
        RETURNING (xmax = 0)
        """
    }

    public func write(_ records: [SpooledRecord]) throws -> SinkWriteResult {
        let connection = try open()
        do {
            return try connection.transaction {
                try records.reduce(SinkWriteResult()) { $0 + (try apply($1, on: connection)) }
            }
        } catch let error as PostgreSQLError where Self.isRecordError(error) {
            // One record the server refuses must not hold back the batch: each in a
            // transaction of its own, and the refused ones stay in the spool, named.
            var result = SinkWriteResult()
            for record in records {
                do {
                    result = result + (try connection.transaction { try apply(record, on: connection) })
                } catch let error as PostgreSQLError where Self.isRecordError(error) {
                    result.rejected[record.name] = error.description
                } catch {
                    throw unavailable(error)
                }
            }
            return result
        } catch {
            throw unavailable(error)
        }
    }

    private func unavailable(_ error: any Error) -> SinkUnavailableError {
        if (error as? PostgreSQLError)?.connectionFailed ?? true { connection = nil }
        return SinkUnavailableError(sink: name, reason: "\(error)")
    }

    /// Errors that belong to one record's values: data exceptions (class 22: a value out of
    /// range, bad JSON), integrity violations (23) and program limits (54: a row too large).
    /// Everything else (permissions, a missing table, a full disk, a lost connection) stops
    /// delivery, since every other record would fail the same way.
    static func isRecordError(_ error: PostgreSQLError) -> Bool {
        guard !error.connectionFailed, let state = error.sqlState else { return false }
        return state.hasPrefix("22") || state.hasPrefix("23") || state.hasPrefix("54")
    }

    private func apply(_ spooled: SpooledRecord, on connection: PostgreSQLConnection) throws -> SinkWriteResult {
        let record = spooled.record
        let json = Self.jsonWithoutNUL(spooled.line)
        func text(_ value: String?) -> String? {
            value.map { $0.contains("\u{0}") ? $0.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : $0 }
        }
        let rows = try connection.execute(
            upsert,
            [
                record.id, "\(record.revision)", text(record.url), text(record.canonicalURL), text(record.source),
                text(record.title), text(record.language), timestamps.pass(record.publishedAt),
                timestamps.pass(record.modifiedAt), timestamps.pass(record.fetchedAt), text(record.duplicateOf),
                record.contentHash, json,
            ], operation: "upsert \(record.id) into \(tableText)")
        var result = SinkWriteResult()
        switch rows.first?.first {
        case .some("t"): result.inserted = 1
        case .some: result.updated = 1
        case .none: result.unchanged = 1
        }
        return result
    }

    /// The record's JSON text with every escaped U+0000 (`\\u0000`) as U+FFFD (`\\ufffd`):
    /// jsonb cannot hold U+0000 (text columns neither). Escapes are read pair by pair, so an
    /// escaped backslash followed by "u0000" (the six characters, not a NUL) is left alone.
    static func jsonWithoutNUL(_ data: Data) -> String {
        let line = [UInt8](data)
        let nul = Array("\\u0000".utf8)
        guard line.count >= nul.count else { return String(decoding: line, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(line.count)
        var i = 0
        while i < line.count {
            if line[i] == UInt8(ascii: "\\"), i + 1 < line.count {
                if line[i + 1] == UInt8(ascii: "u"), i + nul.count <= line.count,
                    line[i..<(i + nul.count)].elementsEqual(nul)
                {
                    out.append(contentsOf: Array("\\ufffd".utf8))
                    i += nul.count
                } else {
                    out.append(line[i])
                    out.append(line[i + 1])
                    i += 2
                }
                continue
            }
            out.append(line[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Passes an ISO 8601 timestamp PostgreSQL will take, and gives nil (NULL) for anything
    /// else: a value the server cannot parse would refuse the whole record. One per sink: a
    /// formatter is costly to make (an ICU formatter each), and records have three timestamps.
    struct TimestampFilter {
        private let plain = ISO8601DateFormatter()
        private let fractional: ISO8601DateFormatter = {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter
        }()

        func pass(_ value: String?) -> String? {
            guard let value, value.utf8.count <= 40 else { return nil }
            guard plain.date(from: value) != nil || fractional.date(from: value) != nil else { return nil }
            return value
        }
    }
}
