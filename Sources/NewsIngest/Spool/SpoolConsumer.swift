import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One record taken from the spool: its file, the JSON line a consumer passes on, and the
/// fields delivery needs.
public struct SpooledRecord: Sendable {
    /// The maildir name in `new/` (the claim keeps it, so a released record sorts where it was).
    public let name: String
    /// Where the file is now: `new/<name>`, or `cur/<name>:claim.<pid>.<host>` once claimed.
    public let path: String
    /// The record as one line of compact JSON, without the newline.
    public let line: Data
    public let record: ArticleRecord
}

/// A file in `new/` that is not a record (written by hand, truncated by a foreign tool): it is
/// reported and left where it is, so nothing is lost and nothing blocks the records behind it.
public struct MalformedSpoolFile: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Reads the spool for delivery: lists `new/` oldest first, claims a record by renaming it
/// into `cur/`, and completes (deletes) or releases (renames back) the claim.
///
/// The rename is the whole protocol: it is atomic on one file system, so of two consumers that
/// claim the same record exactly one succeeds, and the other sees `ENOENT` and moves on. A
/// claimed file's name says who holds it (`:claim.<pid>.<host>`), so a consumer that died
/// holding claims can be told from one still working: ``recoverStaleClaims(olderThan:)`` hands
/// the dead one's records back to `new/`, and they are delivered again (sinks write
/// idempotently, so a record applied before the crash is not applied twice).
public final class SpoolConsumer: Sendable {
    public let directory: String
    private let host: String
    private let claimTag: String

    static let claimMarker = ":claim."

    public init(directory: String) throws {
        self.directory = directory
        for sub in ["new", "cur"] {
            let path = directory + "/" + sub
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw SpoolError(path: path, operation: "open the spool folder", errno: errno == 0 ? ENOTDIR : errno)
            }
        }
        host = SpoolConsumer.hostName()
        claimTag = "\(SpoolConsumer.claimMarker)\(getpid()).\(host)"
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, 255) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name.replacingOccurrences(of: "/", with: "_")
    }

    /// Names in `new/`, oldest first: by the seconds and microseconds a maildir name starts
    /// with (a plain name sort puts "Q10" before "Q9"), then by name.
    public func pendingNames(limit: Int? = nil) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/new")) ?? [])
            .filter { !$0.hasPrefix(".") }
        let sorted = names.map { (SpoolConsumer.timeKey($0), $0) }.sorted { $0 < $1 }.map(\.1)
        if let limit { return Array(sorted.prefix(limit)) }
        return sorted
    }

    /// Seconds and microseconds of a maildir name ("1764950400.M123456P42Q7.host").
    static func timeKey(_ name: String) -> Int64 {
        let parts = name.split(separator: ".", maxSplits: 2)
        guard parts.count >= 2, let seconds = Int64(parts[0]), parts[1].first == "M" else { return Int64.max }
        let micros = Int64(parts[1].dropFirst().prefix { $0.isNumber }) ?? 0
        return seconds.multipliedReportingOverflow(by: 1_000_000).overflow
            ? Int64.max : seconds * 1_000_000 + min(micros, 999_999)
    }

    /// Reads the record in `new/<name>` without claiming it. Nil when it is gone (another
    /// consumer took it).
    public func read(name: String) -> Result<SpooledRecord, MalformedSpoolFile>? {
        read(name: name, at: directory + "/new/" + name)
    }

    /// Claims `new/<name>`: renames it into `cur/` and reads it. Nil when another consumer
    /// claimed it first. A file that is not a record is renamed back and returned as malformed.
    public func claim(name: String) throws -> Result<SpooledRecord, MalformedSpoolFile>? {
        let from = directory + "/new/" + name
        let to = directory + "/cur/" + name + claimTag
        switch SystemCall.valueOrErrno({ rename(from, to) }) {
        case .success: break
        case .failure(let error) where error.rawValue == ENOENT: return nil
        case .failure(let error):
            throw SpoolError(path: from, operation: "claim (rename into cur/)", errno: error.rawValue)
        }
        guard let result = read(name: name, at: to) else { return nil }
        if case .failure(let bad) = result {
            _ = SystemCall.valueOrErrno { rename(to, from) }
            return .failure(MalformedSpoolFile(path: from, reason: bad.reason))
        }
        return result
    }

    /// The record is delivered: its claimed file is removed (and the removal made durable).
    public func complete(_ records: [SpooledRecord]) throws {
        for record in records {
            switch SystemCall.valueOrErrno({ unlink(record.path) }) {
            case .success: continue
            case .failure(let error) where error.rawValue == ENOENT: continue
            case .failure(let error): throw SpoolError(path: record.path, operation: "remove", errno: error.rawValue)
            }
        }
        if !records.isEmpty { syncDirectory(directory + "/cur") }
    }

    /// The records were not delivered: back to `new/`, under their own names, for the next consumer.
    public func release(_ records: [SpooledRecord]) {
        for record in records where record.path.hasPrefix(directory + "/cur/") {
            _ = SystemCall.valueOrErrno { rename(record.path, directory + "/new/" + record.name) }
        }
        if !records.isEmpty { syncDirectory(directory + "/new") }
    }

    /// Hands back to `new/` the claims of consumers that are gone: on this host, a holder whose
    /// process no longer exists (or is another program now, which a claim this old tells);
    /// claims from other hosts (a shared spool) once they are older than `age`. Returns how
    /// many records went back.
    @discardableResult
    public func recoverStaleClaims(olderThan age: TimeInterval = 3600) -> Int {
        let cur = directory + "/cur"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cur)) ?? []
        var recovered = 0
        let now = Date()
        for claimed in names {
            guard let marker = claimed.range(of: SpoolConsumer.claimMarker, options: .backwards) else { continue }
            let original = String(claimed[..<marker.lowerBound])
            let holder = claimed[marker.upperBound...]
            let pidText = holder.prefix { $0.isNumber }
            let holderHost = holder.dropFirst(pidText.count + 1)
            let path = cur + "/" + claimed
            let modified =
                (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date ?? now
            let old = now.timeIntervalSince(modified) > age
            var stale = old
            if holderHost == host, let pid = Int32(pidText) {
                stale = pid != getpid() && (kill(pid, 0) != 0 && errno == ESRCH || old)
            }
            guard stale, !original.isEmpty else { continue }
            if case .success = SystemCall.valueOrErrno({ rename(path, directory + "/new/" + original) }) {
                recovered += 1
            }
        }
        if recovered > 0 { syncDirectory(directory + "/new") }
        return recovered
    }

    /// How many records wait in `new/`, and the age of the oldest (by its file time).
    public func backlog(now: Date = Date()) -> (count: Int, oldestSeconds: Double) {
        let dir = directory + "/new"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") }
        var oldest = now
        for name in names {
            if let date = (try? FileManager.default.attributesOfItem(atPath: dir + "/" + name))?[.modificationDate]
                as? Date, date < oldest
            {
                oldest = date
            }
        }
        return (names.count, max(0, now.timeIntervalSince(oldest)))
    }

    private func read(name: String, at path: String) -> Result<SpooledRecord, MalformedSpoolFile>? {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            if !FileManager.default.fileExists(atPath: path) { return nil }
            return .failure(MalformedSpoolFile(path: path, reason: "cannot read: \(error.localizedDescription)"))
        }
        var body = data
        while let last = body.last, last == 0x0A || last == 0x0D || last == 0x20 { body.removeLast() }
        guard !body.isEmpty else { return .failure(MalformedSpoolFile(path: path, reason: "empty file")) }
        let record: ArticleRecord
        do {
            record = try JSONDecoder().decode(ArticleRecord.self, from: body)
        } catch {
            return .failure(MalformedSpoolFile(path: path, reason: "not an article record (\(error))"))
        }
        // Records this program wrote are one line already; another writer's pretty-printed file
        // is written out again as one line, so every consumer gets one record per line.
        let line = body.contains(0x0A) ? ((try? record.jsonData()) ?? body) : body
        return .success(SpooledRecord(name: name, path: path, line: line, record: record))
    }

    private func syncDirectory(_ path: String) {
        guard case .success(let fd) = SystemCall.valueOrErrno({ open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) })
        else { return }
        _ = SystemCall.valueOrErrno { fsync(fd) }
        close(fd)
    }
}
