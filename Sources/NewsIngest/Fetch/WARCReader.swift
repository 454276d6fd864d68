import Foundation

/// One WARC record (ISO 28500, WARC 1.0 and 1.1).
public struct WARCRecord: Sendable {
    /// Position of the record in its file, from 0: a stable key for checkpoints.
    public var ordinal: Int
    public var version: String
    /// Header fields, names lowercased ("warc-type", "warc-target-uri", ...).
    public var headers: [String: String]
    /// The record block; empty when the record was larger than the reader's limit.
    public var block: [UInt8]
    /// The block was over the limit and was skipped unread.
    public var oversized: Bool

    public var type: String { headers["warc-type"]?.lowercased() ?? "" }
    public var targetURI: String? {
        // WARC 1.0 examples wrap the URI in angle brackets; 1.1 does not.
        headers["warc-target-uri"].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<> ")) }
    }
    public var date: String? { headers["warc-date"] }
}

/// A WARC file that cannot be read further, or one of its records that cannot be used.
public struct WARCError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// The file cannot be opened.
        case unreadable
        /// The file cannot be framed into records past some point.
        case malformed
        /// A record larger than `max_body_bytes` allows (skipped unread), or a payload that is.
        case bodyTooLarge = "body_too_large"
        /// A `response` record whose HTTP message cannot be read.
        case badRecord = "bad_record"
    }

    public let code: Code
    /// The file, for the errors that end it; nil for a record's.
    public let path: String?
    public let detail: String
    public var description: String { path.map { "warc \($0): \(detail)" } ?? detail }
}

/// Reads WARC records one at a time from a file, plain or gzip-compressed (one gzip member per
/// record, as Common Crawl's CC-NEWS ships, or one for the whole file). Memory stays at one
/// record: blocks over `maxRecordBytes` are skipped, not read into memory.
public final class WARCReader {
    public let path: String
    private let file: FileHandle
    private let maxRecordBytes: Int
    private var inflater: Inflater?
    private var buffer: [UInt8] = []
    private var start = 0
    private var endOfFile = false
    private var ordinal = 0
    /// Bytes of the file read so far (compressed bytes for a gzip file): progress.
    public private(set) var fileBytesRead = 0

    /// Longest header line accepted.
    static let maxLineBytes = 64 * 1024

    public init(path: String, maxRecordBytes: Int) throws {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw WARCError(code: .unreadable, path: path, detail: "cannot open the file")
        }
        self.path = path
        self.file = file
        self.maxRecordBytes = maxRecordBytes
        let head = try read(2)
        if Gzip.isGzip(head) { inflater = try Inflater() }
        try append(head)
    }

    deinit { try? file.close() }

    /// The next record, or nil at the end of the file.
    public func next() throws -> WARCRecord? {
        // Blank lines between records are tolerated.
        var line: [UInt8]
        repeat {
            guard let next = try readLine() else { return nil }
            line = next
        } while line.isEmpty
        let versionLine = String(decoding: line, as: UTF8.self)
        guard versionLine.hasPrefix("WARC/") else {
            throw WARCError(
                code: .malformed, path: path,
                detail: "record \(ordinal): expected a WARC/1.x version line, found '\(versionLine.prefix(40))'")
        }
        var headers: [String: String] = [:]
        var lastName: String?
        while true {
            guard let field = try readLine() else {
                throw WARCError(
                    code: .malformed, path: path, detail: "record \(ordinal): the file ends inside its header")
            }
            if field.isEmpty { break }
            let text = String(decoding: field, as: UTF8.self)
            if let first = text.first, first == " " || first == "\t", let lastName {
                headers[lastName, default: ""] += " " + text.trimmingCharacters(in: .whitespaces)  // folded line
                continue
            }
            guard let colon = text.firstIndex(of: ":") else {
                throw WARCError(
                    code: .malformed, path: path,
                    detail: "record \(ordinal): malformed header line '\(text.prefix(60))'")
            }
            let name = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            headers[name] = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            lastName = name
        }
        guard let lengthText = headers["content-length"], let length = Int(lengthText), length >= 0 else {
            throw WARCError(code: .malformed, path: path, detail: "record \(ordinal): no valid Content-Length")
        }
        var record = WARCRecord(ordinal: ordinal, version: versionLine, headers: headers, block: [], oversized: false)
        if length > maxRecordBytes {
            try skip(length)
            record.oversized = true
        } else {
            record.block = try take(length)
        }
        // Each block is followed by two CRLFs.
        try skipRecordEnd()
        ordinal += 1
        return record
    }

    // MARK: Byte stream

    private func read(_ count: Int) throws -> [UInt8] {
        let data = try file.read(upToCount: count) ?? Data()
        fileBytesRead += data.count
        return [UInt8](data)
    }

    /// Moves raw file bytes into the buffer, through the inflater when the file is gzip.
    private func append(_ raw: [UInt8]) throws {
        guard let inflater else {
            buffer += raw
            return
        }
        do {
            try raw.withUnsafeBufferPointer { input in
                try inflater.feed(input, final: false) { buffer += $0 }
            }
        } catch {
            throw WARCError(code: .malformed, path: path, detail: "\(error)")
        }
    }

    /// Reads more of the file; false at its end.
    private func fill() throws -> Bool {
        if start > 0, start * 2 >= buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        while !endOfFile {
            // Small input steps: a highly compressed member cannot inflate into a huge buffer.
            let raw = try read(inflater == nil ? 256 * 1024 : 16 * 1024)
            if raw.isEmpty {
                endOfFile = true
                return false
            }
            let before = buffer.count
            try append(raw)
            if buffer.count > before { return true }
        }
        return false
    }

    private var available: Int { buffer.count - start }

    private func readLine() throws -> [UInt8]? {
        var searchFrom = start
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                let line = Array(buffer[start..<end])
                start = newline + 1
                return line
            }
            guard available <= Self.maxLineBytes else {
                throw WARCError(
                    code: .malformed, path: path,
                    detail: "record \(ordinal): a header line longer than \(Self.maxLineBytes) bytes")
            }
            searchFrom = buffer.count
            let offset = searchFrom - start
            guard try fill() else {
                if available == 0 { return nil }
                throw WARCError(code: .malformed, path: path, detail: "record \(ordinal): the file ends inside a line")
            }
            searchFrom = start + offset
        }
    }

    private func take(_ count: Int) throws -> [UInt8] {
        while available < count {
            guard try fill() else {
                throw WARCError(
                    code: .malformed, path: path, detail: "record \(ordinal): the file ends inside its block")
            }
        }
        let block = Array(buffer[start..<(start + count)])
        start += count
        return block
    }

    private func skip(_ count: Int) throws {
        var remaining = count
        while remaining > 0 {
            if available == 0, try !fill() {
                throw WARCError(
                    code: .malformed, path: path, detail: "record \(ordinal): the file ends inside its block")
            }
            let step = min(remaining, available)
            start += step
            remaining -= step
        }
    }

    private func skipRecordEnd() throws {
        var skipped = 0
        while skipped < 4 {
            if available == 0, try !fill() { return }
            guard buffer[start] == 0x0D || buffer[start] == 0x0A else { return }
            start += 1
            skipped += 1
        }
    }
}

/// The HTTP response inside a WARC `response` record.
public struct ArchivedResponse: Sendable {
    public var status: Int
    /// Names lowercased; the last value wins.
    public var headers: [String: String]
    /// The payload with transfer and content codings removed.
    public var body: [UInt8]

    public var contentType: String? { headers["content-type"] }

    /// Parses a `response` record's block: status line, headers, payload (de-chunked and
    /// gunzipped when the archived headers say so, within `maxBodyBytes`).
    public init(block: [UInt8], maxBodyBytes: Int) throws {
        guard let split = Self.headerEnd(block) else {
            throw WARCError(code: .badRecord, path: nil, detail: "no end of the HTTP header")
        }
        let head = String(decoding: block[..<split.header], as: UTF8.self)
        var lines = head.split(
            omittingEmptySubsequences: true, whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" })
        guard !lines.isEmpty else { throw WARCError(code: .badRecord, path: nil, detail: "empty HTTP header") }
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/"), let status = Int(statusLine[1]) else {
            throw WARCError(code: .badRecord, path: nil, detail: "no HTTP status line")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(block[split.body...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true, let dechunked = Self.dechunk(body) {
            body = dechunked
        }
        switch headers["content-encoding"]?.lowercased().trimmingCharacters(in: .whitespaces) {
        case nil, "", "identity":
            break
        case "gzip", "x-gzip":
            // Some archivers store the payload already decoded but keep the header: check first.
            if Gzip.isGzip(body) {
                do {
                    body = try Gzip.decompress(body, limit: maxBodyBytes)
                } catch {
                    throw WARCError(code: .badRecord, path: nil, detail: "payload: \(error)")
                }
            }
        case let other?:
            if !Self.looksLikeText(body) {
                throw WARCError(
                    code: .badRecord, path: nil, detail: "payload in content coding '\(other)' is not supported")
            }
        }
        guard body.count <= maxBodyBytes else {
            throw WARCError(code: .bodyTooLarge, path: nil, detail: "payload over \(maxBodyBytes) bytes")
        }
        self.status = status
        self.headers = headers
        self.body = body
    }

    private static func headerEnd(_ block: [UInt8]) -> (header: Int, body: Int)? {
        var i = 0
        while i + 1 < block.count {
            if block[i] == 0x0A {
                if block[i + 1] == 0x0A { return (i, i + 2) }
                if block[i + 1] == 0x0D, i + 2 < block.count, block[i + 2] == 0x0A { return (i, i + 3) }
            }
            i += 1
        }
        return nil
    }

    /// Removes chunked transfer coding; nil when the body is not well-formed chunks.
    static func dechunk(_ body: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var i = 0
        while i < body.count {
            guard let newline = body[i...].firstIndex(of: 0x0A) else { return nil }
            let sizeText =
                String(decoding: body[i..<newline], as: UTF8.self)
                .split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { return nil }
            i = newline + 1
            if size == 0 { return out }
            guard size <= body.count - i else { return nil }  // no overflow for a huge size
            out += body[i..<(i + size)]
            i += size
            while i < body.count, body[i] == 0x0D || body[i] == 0x0A { i += 1 }
        }
        return out
    }

    private static func looksLikeText(_ body: [UInt8]) -> Bool {
        let head = body.prefix(512)
        return !head.isEmpty && head.allSatisfy { $0 >= 0x09 }
    }
}
