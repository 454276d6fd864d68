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
        let lockPath = stateDirectory + "/run.lock"
        path = lockPath
        let fd = try SystemCall.check(
            { open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) },
            orThrow: { StateError(code: $0.rawValue, operation: "open \(lockPath)", message: $0.description) })
        // Locked before `self.fd` is set: a throw below leaves the object uninitialised, so
        // `deinit` (which would close `fd` again) never runs for it.
        switch SystemCall.valueOrErrno({ flock(fd, LOCK_EX | LOCK_NB) }) {
        case .success: break
        case .failure(let error):
            close(fd)
            guard error.rawValue == EWOULDBLOCK else {
                throw StateError(code: error.rawValue, operation: "lock \(lockPath)", message: error.description)
            }
            let holder = (try? String(contentsOfFile: lockPath, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw LockHeldError(path: lockPath, holder: holder.flatMap { $0.isEmpty ? nil : $0 } ?? "holder unknown")
        }
        self.fd = fd
        // The holder's name is only for the message of a run that finds the lock taken: a
        // failure to write it is no reason not to run.
        let info = Array("pid \(getpid()) since \(OffsetDate(date: Date(), offsetSeconds: 0).iso8601)\n".utf8)
        if case .success = SystemCall.valueOrErrno({ ftruncate(fd, 0) }) {
            _ = SystemCall.valueOrErrno { info.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
        }
    }

    deinit {
        // Closing the descriptor releases the lock whatever these answer.
        _ = SystemCall.valueOrErrno { ftruncate(fd, 0) }
        _ = SystemCall.valueOrErrno { flock(fd, LOCK_UN) }
        close(fd)
    }
}
