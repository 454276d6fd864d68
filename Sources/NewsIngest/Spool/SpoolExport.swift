import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `spool export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// One record per line.
    case ndjson
    /// The Elasticsearch/OpenSearch `_bulk` body: an `index` action line, then the record.
    case esBulk = "es-bulk"
}

/// Where exported bytes go: a file descriptor (standard output), written whole or not at all
/// per call, with `EPIPE` and every other failure thrown rather than raised as a signal.
public final class DescriptorOutput: Sendable {
    let fd: Int32
    let label: String

    public init(fd: Int32, label: String) {
        self.fd = fd
        self.label = label
        // A reader that goes away must give us EPIPE to handle, not a SIGPIPE that kills the
        // process between a claim and its release.
        signal(SIGPIPE, SIG_IGN)
    }

    func write(_ data: Data) throws {
        try SystemCall.writeAll(data, to: fd) { SpoolError(path: self.label, operation: "write", errno: $0.rawValue) }
    }

    /// Makes what was written durable when the output is a file; a pipe or terminal has
    /// nothing to sync (the write returning is all a pipe promises).
    func sync() throws {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return }
        try SystemCall.check(
            { fsync(fd) }, orThrow: { SpoolError(path: self.label, operation: "fsync", errno: $0.rawValue) })
    }
}

/// `spool export`: records from `new/`, oldest first, as NDJSON or an `_bulk` body.
public struct SpoolExporter: Sendable {
    public struct Result: Sendable, Equatable {
        public var exported = 0
        public var malformed: [String] = []
        /// Claims of consumers that died, handed back to `new/` before exporting.
        public var recovered = 0
    }

    public let format: ExportFormat
    /// The `_index` of every action; nil leaves it to the URL (`POST /news/_bulk`).
    public let index: String?
    /// Records claimed, written and removed per step: a failed write hands back at most this many.
    public let batchSize: Int

    public init(format: ExportFormat, index: String? = nil, batchSize: Int = 256) {
        self.format = format
        self.index = index
        self.batchSize = max(1, batchSize)
    }

    /// The bytes one record exports as.
    ///
    /// `es-bulk`: `_id` is the record's id and `version` its revision with `version_type`
    /// `external`, so the index keeps the highest revision whatever the order of delivery: a
    /// replay or an older revision gets a per-item version conflict (409) and changes nothing.
    public func bytes(for record: SpooledRecord) -> Data {
        var out = Data()
        if format == .esBulk {
            var action = "{\"index\":{"
            if let index { action += "\"_index\":\(Self.jsonString(index))," }
            action += "\"_id\":\(Self.jsonString(record.record.id)),"
            action += "\"version\":\(record.record.revision),\"version_type\":\"external\"}}\n"
            out.append(contentsOf: Array(action.utf8))
        }
        out.append(record.line)
        out.append(0x0A)
        return out
    }

    static func jsonString(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    /// Exports up to `limit` records. With `claim`, each batch is claimed (renamed into
    /// `cur/`), written whole, synced when the output is a file, and only then removed; a
    /// failed write hands the batch back to `new/` and rethrows, so a record is never lost and
    /// two consumers never export the same one. Without `claim` the spool is left as it was.
    public func export(
        from consumer: SpoolConsumer, to output: DescriptorOutput, claim: Bool, limit: Int?
    ) throws -> Result {
        var result = Result()
        if claim { result.recovered = consumer.recoverStaleClaims() }
        var remaining = limit ?? Int.max
        var names = consumer.pendingNames()[...]
        while remaining > 0, !names.isEmpty {
            var batch: [SpooledRecord] = []
            var buffer = Data()
            while batch.count < min(batchSize, remaining), let name = names.popFirst() {
                let taken = claim ? try consumer.claim(name: name) : consumer.read(name: name)
                switch taken {
                case .none: continue
                case .failure(let bad)?: result.malformed.append(bad.description)
                case .success(let record)?:
                    batch.append(record)
                    buffer.append(bytes(for: record))
                }
            }
            if batch.isEmpty { continue }
            do {
                try output.write(buffer)
                if claim { try output.sync() }
            } catch {
                if claim { consumer.release(batch) }
                throw error
            }
            if claim { try consumer.complete(batch) }
            result.exported += batch.count
            remaining -= batch.count
        }
        return result
    }
}
