import CSQLite
import Foundation

/// A SQLite failure, with the statement or operation it came from.
public struct StateError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let operation: String
    public let message: String
    public var description: String { "state database: \(operation): \(message) (code \(code))" }
}

/// sqlite3 wants this destructor for text it must copy.
/// SQLite's SQLITE_TRANSIENT (a macro Swift cannot import): copy the bound bytes now.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One owner for a `sqlite3*` connection. Not thread-safe: ``StateStore`` confines it to a queue.
final class SQLiteDatabase {
    private let handle: OpaquePointer
    /// Prepared statements by SQL text, reused; finalized in deinit.
    private var statements: [String: OpaquePointer] = [:]

    init(path: String) throws {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw StateError(code: code, operation: "open \(path)", message: message)
        }
        handle = db
        sqlite3_busy_timeout(db, 5000)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// The one funnel from a SQLite result code to a Swift error.
    private func check(_ code: Int32, _ operation: String) throws {
        guard code == SQLITE_OK || code == SQLITE_DONE || code == SQLITE_ROW else {
            throw StateError(code: code, operation: operation, message: String(cString: sqlite3_errmsg(handle)))
        }
    }

    func execute(_ sql: String) throws {
        try check(sqlite3_exec(handle, sql, nil, nil, nil), sql)
    }

    /// Runs a statement with bound text/integer/null values and returns its rows as strings.
    @discardableResult
    func query(_ sql: String, _ values: [SQLValue] = []) throws -> [[String?]] {
        try rows(sql, values) { statement, column in sqlite3_column_text(statement, column).map { String(cString: $0) }
        }
    }

    /// Runs a statement and returns its rows with each column read as a blob (nil for NULL).
    func queryBlobs(_ sql: String, _ values: [SQLValue] = []) throws -> [[Data?]] {
        try rows(sql, values) { statement, column in
            guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return nil }
            let count = Int(sqlite3_column_bytes(statement, column))
            guard let bytes = sqlite3_column_blob(statement, column) else { return Data() }
            return Data(bytes: bytes, count: count)
        }
    }

    private func rows<T>(_ sql: String, _ values: [SQLValue], read: (OpaquePointer, Int32) -> T) throws -> [[T]] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            switch value {
            case .text(let s): try check(sqlite3_bind_text(statement, index, s, -1, sqliteTransient), sql)
            case .integer(let n): try check(sqlite3_bind_int64(statement, index, Int64(n)), sql)
            case .blob(let d):
                try check(
                    d.withUnsafeBytes {
                        sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), sqliteTransient)
                    }, sql)
            case .null: try check(sqlite3_bind_null(statement, index), sql)
            }
        }
        var rows: [[T]] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            try check(code, sql)
            let columns = sqlite3_column_count(statement)
            rows.append((0..<columns).map { read(statement, $0) })
        }
        return rows
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil), sql)
        guard let statement else { throw StateError(code: SQLITE_MISUSE, operation: sql, message: "empty statement") }
        statements[sql] = statement
        return statement
    }

    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}

enum SQLValue {
    case text(String)
    case integer(Int)
    case blob(Data)
    case null

    static func optional(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }
}
