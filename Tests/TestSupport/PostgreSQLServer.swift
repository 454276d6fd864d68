import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A throwaway PostgreSQL server from Debian's `postgresql` package: `initdb` into a temporary
/// directory, `pg_ctl start` listening on 127.0.0.1 (and a socket in that directory), trust
/// authentication for the `postgres` role. Stopped and removed by ``stop()`` or deinit.
///
/// `initdb` refuses to run as root; under root (CI containers) the server runs as the
/// `postgres` system user the package creates, with the directory handed to it.
public final class PostgreSQLServer: @unchecked Sendable {
    public let port: Int
    public let directory: String
    private let binaries: String
    private var running = true

    public var url: String { "postgresql://postgres@127.0.0.1:\(port)/postgres" }

    public init() throws {
        guard let bin = Self.binaryDirectory() else {
            throw TestServerError(
                message: "PostgreSQL's server binaries are missing: apt-get install postgresql (make deps does)")
        }
        binaries = bin
        directory = Repository.temporaryDirectory("newsingest-pg")
        port = try Self.freePort()
        chmod(directory, 0o700)
        if getuid() == 0 {
            guard let user = getpwnam("postgres") else {
                throw TestServerError(message: "running as root, and there is no 'postgres' user to run the server")
            }
            guard chown(directory, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw TestServerError(message: "cannot hand \(directory) to the postgres user")
            }
        }
        try run(
            "initdb", ["-D", directory + "/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
        let options = "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory) -c fsync=off"
        try run("pg_ctl", ["-D", directory + "/data", "-l", directory + "/server.log", "-w", "-o", options, "start"])
    }

    /// The newest installed major version's binaries (`/usr/lib/postgresql/15/bin`).
    static func binaryDirectory() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init)
        for version in versions.sorted(by: >) {
            let bin = "\(root)/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: bin + "/initdb") { return bin }
        }
        return nil
    }

    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError(message: "socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw TestServerError(message: "cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs one of the server's programs, as the postgres user when we are root.
    ///
    /// Spawned with `posix_spawn` and reaped with `waitpid`, output to a file: `pg_ctl start`
    /// leaves a daemon behind that inherits the child's descriptors, and Foundation's `Process`
    /// (a pipe, or its own exit-monitoring socket) would then wait for the daemon, not pg_ctl.
    @discardableResult
    private func run(_ program: String, _ arguments: [String]) throws -> String {
        // The shell changes to the server's directory first: the postgres user may not be able
        // to enter ours.
        var command = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, binaries + "/" + program] + arguments
        if getuid() == 0 { command = ["/usr/sbin/runuser", "-u", "postgres", "--"] + command }
        let outputPath = directory + "/\(program).out"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var arguments = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, &arguments, environ)
        guard spawned == 0 else {
            throw TestServerError(message: "cannot start \(command[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED && WEXITSTATUS == 0, spelled out: Glibc's macros are not imported.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
            throw TestServerError(message: "\(program) failed (status \(status)): \(text)\n\(log)")
        }
        return text
    }

    /// Runs SQL with psql and returns its rows, one line each, columns separated by '|'.
    public func query(_ sql: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binaries + "/psql")
        process.arguments = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestServerError(message: "psql: \(problem)") }
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// A new, empty database (a state of its own for one test) and its URL.
    public func createDatabase() throws -> String {
        let name = "t" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        _ = try query("CREATE DATABASE \(name)")
        return "postgresql://postgres@127.0.0.1:\(port)/\(name)"
    }

    /// Stops the server at once (no checkpoint: the data is thrown away) and removes it.
    public func stop() {
        guard running else { return }
        running = false
        _ = try? run("pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }
}

extension PostgreSQLServer: StoppableServer {}

public typealias SharedPostgreSQLServer = SharedServer<PostgreSQLServer>

extension SharedServer where Server == PostgreSQLServer {
    public convenience init() { self.init(start: { try PostgreSQLServer() }) }
}
