import CPostgreSQL
import Foundation

/// A PostgreSQL failure: what we were doing, and the server's (or libpq's) message and SQLSTATE.
public struct PostgreSQLError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let message: String
    /// The five-character SQLSTATE ("23505"), when the server sent one.
    public let sqlState: String?
    /// True when the connection itself failed (server unreachable, authentication): the data
    /// is fine, and the same call can work later.
    public let connectionFailed: Bool

    public var description: String {
        "postgresql: \(operation): \(message)" + (sqlState.map { " (SQLSTATE \($0))" } ?? "")
    }
}

/// One owner for a libpq connection (`PGconn*`), and each result (`PGresult*`) freed in the call
/// that made it: no pointer of libpq's leaves this file. Not thread-safe: one user at a time.
///
/// Statements run through `PQexecParams` with every value passed as a text parameter, never
/// spliced into SQL, so a title or a URL cannot change a statement.
final class PostgreSQLConnection {
    private let connection: OpaquePointer
    /// Statements with parameters, prepared once per session (by their text): the server parses
    /// and plans each only once, which is most of its work for the state's small statements.
    private var prepared: [String: String] = [:]

    /// Connects with a libpq connection string or URI (`postgresql://user@host:5432/db`).
    /// Passwords come from the URI, `PGPASSWORD` or `~/.pgpass`, as for every libpq client.
    init(url: String, applicationName: String = "newsingest", connectTimeoutSeconds: Int = 10) throws {
        // Our defaults first: with expand_dbname, a later keyword overrides an earlier one, so
        // what the URL says itself (its own connect_timeout, say) wins.
        let keywords = ["application_name", "connect_timeout", "dbname"]
        let values = [applicationName, "\(connectTimeoutSeconds)", url]
        let handle = Self.withCStrings(keywords) { keys in
            Self.withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let handle else {
            throw PostgreSQLError(
                operation: "connect", message: "out of memory", sqlState: nil, connectionFailed: true)
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.message(PQerrorMessage(handle))
            PQfinish(handle)
            throw PostgreSQLError(
                operation: "connect to \(Self.redacted(url))", message: message, sqlState: nil, connectionFailed: true)
        }
        connection = handle
        // Notices ("relation already exists, skipping") would go to stderr by default.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit { PQfinish(connection) }

    /// The URL without its password, for messages and logs.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@", range: scheme.upperBound..<url.endIndex)
        else { return url }
        let userInfo = url[scheme.upperBound..<at.lowerBound]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at.lowerBound...])
    }

    /// Runs one statement (or several, without parameters) and returns its rows as text.
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = [], operation: String? = nil) throws -> [[String?]] {
        let name = parameters.isEmpty ? nil : try statement(sql, parameters: parameters.count, operation: operation)
        let result: OpaquePointer? = Self.withOptionalCStrings(parameters) { values in
            if let name { return PQexecPrepared(connection, name, Int32(parameters.count), values, nil, nil, 0) }
            return PQexec(connection, sql)
        }
        guard let result else { throw failure(operation ?? sql, result: nil) }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw failure(operation ?? sql, result: result)
        }
        var rows: [[String?]] = []
        let columns = PQnfields(result)
        for row in 0..<PQntuples(result) {
            rows.append(
                (0..<columns).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                })
        }
        return rows
    }

    /// The name of `sql` prepared on this session, preparing it the first time.
    private func statement(_ sql: String, parameters: Int, operation: String?) throws -> String {
        if let name = prepared[sql] { return name }
        let name = "s\(prepared.count)"
        guard let result = PQprepare(connection, name, sql, Int32(parameters), nil) else {
            throw failure(operation ?? sql, result: nil)
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else { throw failure(operation ?? sql, result: result) }
        prepared[sql] = name
        return name
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    private func failure(_ operation: String, result: OpaquePointer?) -> PostgreSQLError {
        let lost = PQstatus(connection) != CONNECTION_OK
        var message = Self.message(PQerrorMessage(connection))
        var state: String?
        if let result {
            let text = Self.message(PQresultErrorMessage(result))
            if !text.isEmpty { message = text }
            state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        }
        // Class 08 is "connection exception"; 57P01–57P03 are the server shutting down.
        let connectionClass = state.map { $0.hasPrefix("08") || $0.hasPrefix("57P") } ?? false
        return PostgreSQLError(
            operation: String(operation.prefix(200)), message: message, sqlState: state,
            connectionFailed: lost || connectionClass)
    }

    private static func message(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// A NUL-terminated array of C strings alive for the call, freed after it.
    private static func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        withOptionalCStrings(strings.map { Optional($0) }) { pointers in
            var terminated = Array(UnsafeBufferPointer(start: pointers, count: strings.count))
            terminated.append(nil)
            return terminated.withUnsafeBufferPointer { body($0.baseAddress!) }
        }
    }

    /// C strings for `strings` (nil stays a null pointer: SQL NULL), alive for the call only.
    private static func withOptionalCStrings<T>(
        _ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T
    ) -> T {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
        defer { for copy in copies { free(copy) } }
        let pointers = copies.map { $0.map { UnsafePointer($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
