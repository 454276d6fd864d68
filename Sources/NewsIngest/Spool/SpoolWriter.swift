import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A spool I/O failure: the whole run stops on these, since no record could be delivered.
public struct SpoolError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let operation: String
    public let errno: Int32
    public var description: String { "\(operation) \(path): \(String(cString: strerror(errno)))" }
}

/// Writes records into a maildir-style spool.
///
/// Protocol: each record is written to `tmp/<unique>`, fsynced, renamed into `new/<unique>`
/// (atomic within one file system) and the `new/` directory is fsynced. Readers look only at
/// `new/` (and move what they have taken to `cur/`), so they never see a partial record; a crash
/// leaves at most an orphan in `tmp/`, which ``SpoolWriter/cleanTmp(olderThan:)`` removes.
public final class SpoolWriter: Sendable {
    public let directory: URL
    private let hostname: String
    private let sequence = Counter()

    public init(directory: String) throws {
        self.directory = URL(fileURLWithPath: directory)
        for sub in ["tmp", "new", "cur"] {
            let path = self.directory.appendingPathComponent(sub).path
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw SpoolError(path: path, operation: "mkdir", errno: Glibc.errno == 0 ? EACCES : Glibc.errno)
            }
            guard access(path, W_OK) == 0 else {
                throw SpoolError(path: path, operation: "open for writing", errno: Glibc.errno)
            }
        }
        var buffer = [UInt8](repeating: 0, count: 256)
        _ = buffer.withUnsafeMutableBufferPointer {
            gethostname(UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), 255)
        }
        let name = String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self).replacingOccurrences(
            of: "/", with: "\\057"
        ).replacingOccurrences(of: ":", with: "\\072")
        hostname = name.isEmpty ? "localhost" : name
    }

    /// A maildir-unique name: seconds, microseconds, pid and a per-process counter, then host.
    func uniqueName() -> String {
        var now = timeval()
        gettimeofday(&now, nil)
        return "\(now.tv_sec).M\(now.tv_usec)P\(getpid())Q\(sequence.next()).\(hostname)"
    }

    /// Writes one record durably and returns the path of the file in `new/`.
    @discardableResult
    public func write(_ record: ArticleRecord) throws -> String {
        var data = try record.jsonData()
        data.append(0x0A)
        return try deliver(data)
    }

    func deliver(_ data: Data) throws -> String {
        let name = uniqueName()
        let tmpPath = directory.appendingPathComponent("tmp").appendingPathComponent(name).path
        let newDir = directory.appendingPathComponent("new").path
        let newPath = newDir + "/" + name
        func failure(_ operation: String, _ path: String) -> (Errno) -> any Error {
            { SpoolError(path: path, operation: operation, errno: $0.rawValue) }
        }
        let fd = try SystemCall.check(
            { open(tmpPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) },
            orThrow: failure("create", tmpPath))
        var closed = false
        defer { if !closed { close(fd) } }
        do {
            try SystemCall.writeAll(data, to: fd, orThrow: failure("write", tmpPath))
            try SystemCall.check({ fsync(fd) }, orThrow: failure("fsync", tmpPath))
            closed = true
            // close is not retried on EINTR: on Linux the descriptor is gone either way.
            try SystemCall.check(retryOnInterrupt: false, { close(fd) }, orThrow: failure("close", tmpPath))
            try SystemCall.check({ rename(tmpPath, newPath) }, orThrow: failure("rename", newPath))
        } catch {
            unlink(tmpPath)
            throw error
        }
        let dirFD = try SystemCall.check(
            { open(newDir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }, orThrow: failure("open", newDir))
        defer { close(dirFD) }
        try SystemCall.check({ fsync(dirFD) }, orThrow: failure("fsync", newDir))
        return newPath
    }

    /// Removes files in `tmp/` older than the given age: leftovers of a crashed writer
    /// (maildir readers conventionally use 36 hours).
    @discardableResult
    public func cleanTmp(olderThan age: TimeInterval = 36 * 3600) -> Int {
        let tmp = directory.appendingPathComponent("tmp").path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: tmp) else { return 0 }
        var removed = 0
        let cutoff = Date().addingTimeInterval(-age)
        for name in names {
            let path = tmp + "/" + name
            if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                modified < cutoff, unlink(path) == 0
            {
                removed += 1
            }
        }
        return removed
    }
}

/// Reads records a spool delivered. Used by tests and by indexers written in Swift.
public struct SpoolReader: Sendable {
    public let directory: URL

    public init(directory: String) { self.directory = URL(fileURLWithPath: directory) }

    /// Paths in `new/`, oldest name first.
    public func newPaths() -> [String] {
        let dir = directory.appendingPathComponent("new").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir + "/" + $0 }
    }

    /// Every record in `new/`.
    public func records() throws -> [ArticleRecord] {
        try newPaths().map {
            try JSONDecoder().decode(ArticleRecord.self, from: Data(contentsOf: URL(fileURLWithPath: $0)))
        }
    }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let value = Locked(0)

    func next() -> Int {
        value.withLock {
            $0 += 1
            return $0
        }
    }
}
