import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Another run holds the state directory.
public struct LockHeldError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let holder: String
    public var description: String { "another run holds \(path) (\(holder))" }
}

/// An exclusive lock per state directory, so cron runs never overlap.
///
/// `flock` on `run.lock`: the kernel drops it when the process ends, however it ends, so a
/// crashed run never leaves a stale lock. The file names the holder for the error message.
public final class RunLock: Sendable {
    public let path: String
    private let fd: Int32

    public init(stateDirectory: String) throws {
        try? FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        path = stateDirectory + "/run.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StateError(code: Glibc.errno, operation: "open \(path)", message: String(cString: strerror(Glibc.errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            throw LockHeldError(path: path, holder: holder.flatMap { $0.isEmpty ? nil : $0 } ?? "holder unknown")
        }
        let info = "pid \(getpid()) since \(OffsetDate(date: Date(), offsetSeconds: 0).iso8601)\n"
        _ = ftruncate(fd, 0)
        _ = info.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}
