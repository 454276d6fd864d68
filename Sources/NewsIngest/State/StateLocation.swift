import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a configuration keeps its state: SQLite in `state_dir` (the default, one machine), or
/// PostgreSQL at `state_url` (many workers; `state_dir` then keeps only the local crash journal
/// and the local run lock).
public enum StateLocation {
    public static func open(_ run: Configuration.RunSettings) throws -> any PipelineState {
        if let url = run.stateURL { return try PostgreSQLStateStore(url: url) }
        return try StateStore(directory: run.stateDir)
    }
}

/// What keeps two workers of the same job apart, held for a command's life: the `flock` on
/// `state_dir/run.lock` (it guards the local crash journal), and with a PostgreSQL state an
/// advisory lock per shard, so that two workers for one shard never overlap on any machine. A
/// worker that dies loses its session and, with it, the lock.
public final class RunExclusion: Sendable {
    private let local: RunLock
    private let shared: AdvisoryRunLock?

    /// `shard`: the worker's shard (nil: the whole job, its own lock "all").
    public init(_ run: Configuration.RunSettings, shard: Shard?) throws {
        local = try RunLock(stateDirectory: run.stateDir)
        // One shard of one is the whole job: the same lock as a worker without a shard.
        let name = shard.flatMap { $0.count > 1 ? $0.description : nil } ?? "all"
        shared = try run.stateURL.map { try AdvisoryRunLock(url: $0, shard: name) }
    }
}

/// A session-level advisory lock on the shared state's server, on a connection of its own that
/// lives as long as the lock.
final class AdvisoryRunLock: @unchecked Sendable {
    /// Only kept open: closing it (or the process ending) releases the lock.
    private let connection: PostgreSQLConnection

    init(url: String, shard: String) throws {
        var host = [UInt8](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        let hostName = String(decoding: host.prefix { $0 != 0 }, as: UTF8.self)
        let name = "newsingest pid \(getpid()) on \(hostName) shard \(shard)"
        let key = AdvisoryKey.run(shard: shard)
        let redacted = PostgreSQLConnection.redacted(url)
        let place = "shard \(shard)'s advisory lock in \(redacted)"
        do {
            connection = try PostgreSQLConnection(url: url, applicationName: String(name.prefix(63)))
            // The server notices a worker whose machine vanished within about a minute (the
            // settings are per session; a server that refuses them keeps its own).
            for setting in ["tcp_keepalives_idle = 30", "tcp_keepalives_interval = 10", "tcp_keepalives_count = 3"] {
                _ = try? connection.execute("SET \(setting)")
            }
            let got = try connection.execute(
                "SELECT pg_try_advisory_lock($1::int4, $2::int4)::text",
                ["\(PostgreSQLStateStore.lockNamespace)", "\(key)"])
            if got.first?[0] != "true" {
                let holder = try? connection.execute(
                    """
                    SELECT a.application_name || ' (' || COALESCE(host(a.client_addr), 'local') || ', since '
                        || to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ')'
                    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::int4::oid
                        AND l.objid = ($2::int4::bigint & 4294967295)::oid AND l.objsubid = 2
                    """, ["\(PostgreSQLStateStore.lockNamespace)", "\(key)"])
                throw LockHeldError(path: place, holder: holder?.first?[0] ?? "holder unknown")
            }
        } catch let error as PostgreSQLError {
            throw StateError(code: 8, operation: "postgresql: take \(place)", message: error.message)
        }
    }
}
