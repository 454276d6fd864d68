import CZlib
import Foundation

/// gzip decompression with a hard limit on the output, for sitemaps served as `.xml.gz` files
/// and for WARC archives (a series of gzip members, one per record).
public enum Gzip {
    /// Whether bytes start with the gzip magic number.
    public static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    /// Decompresses every gzip member in `bytes`, one after the other.
    /// Throws when the data is damaged or the output would pass `limit` bytes (a bomb).
    public static func decompress(_ bytes: [UInt8], limit: Int) throws -> [UInt8] {
        let inflater = try Inflater()
        var output: [UInt8] = []
        try bytes.withUnsafeBufferPointer { input in
            try inflater.feed(input, final: true) { chunk in
                guard output.count + chunk.count <= limit else {
                    throw GzipError(code: .tooLarge, detail: "decompresses to more than \(limit) bytes")
                }
                output.append(contentsOf: chunk)
            }
        }
        return output
    }
}

/// A gzip stream that went wrong.
public struct GzipError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// The data inflates past the caller's limit (a gzip bomb, or simply too large).
        case tooLarge = "too_large"
        /// The data ends inside a gzip member.
        case truncated
        /// The stream is not valid deflate data.
        case damaged
        /// zlib itself failed (out of memory, a reset refused).
        case zlib
    }

    public let code: Code
    public let detail: String
    public var description: String { "gzip: \(detail)" }
}

/// One owner for a zlib inflate stream that reads concatenated gzip members.
///
/// zlib keeps pointers to the `z_stream` between calls (its state points back at it and checks
/// that it has not moved), so the stream is allocated here, never a Swift property passed
/// inout; so is the output buffer. Both are freed in `deinit`. Between calls the stream holds
/// no pointer into the caller's input.
final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private let buffer: UnsafeMutablePointer<UInt8>
    private static let bufferSize = 64 * 1024
    private var inMember = false
    /// Whether any input was read (a member started).
    private var started = false

    init() throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        buffer = .allocate(capacity: Self.bufferSize)
        // 15 + 16: gzip wrapper only (not raw deflate or zlib), maximum window.
        let code = inflateInit2_(stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            buffer.deallocate()
            throw GzipError(code: .zlib, detail: "inflateInit2 failed (\(code))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        buffer.deallocate()
    }

    /// Inflates `input`, handing each piece of output to `sink`. At the end of a member the
    /// stream is reset so the next member continues. With `final`, input that ends inside a
    /// member is an error (a truncated file).
    func feed(_ input: UnsafeBufferPointer<UInt8>, final: Bool, sink: ([UInt8]) throws -> Void) throws {
        defer {
            // No pointer into the caller's input or our buffer outlives this call.
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
            stream.pointee.next_out = nil
            stream.pointee.avail_out = 0
        }
        var offset = 0
        while let base = input.baseAddress, offset < input.count {
            // avail_in is 32 bits: larger inputs go in slices.
            let slice = min(input.count - offset, Int(UInt32.max))
            try inflate(UnsafeMutablePointer(mutating: base + offset), count: slice, sink: sink)
            offset += slice
        }
        if final, started, inMember {
            throw GzipError(code: .truncated, detail: "truncated: the data ends inside a member")
        }
    }

    private func inflate(_ start: UnsafeMutablePointer<UInt8>, count: Int, sink: ([UInt8]) throws -> Void) throws {
        let z = stream
        z.pointee.next_in = start
        z.pointee.avail_in = UInt32(count)
        started = true
        while z.pointee.avail_in > 0 {
            let before = z.pointee.avail_in
            z.pointee.next_out = buffer
            z.pointee.avail_out = UInt32(Self.bufferSize)
            let code = CZlib.inflate(z, Z_NO_FLUSH)
            let produced = Self.bufferSize - Int(z.pointee.avail_out)
            switch code {
            case Z_OK, Z_BUF_ERROR:
                inMember = true
            case Z_STREAM_END:
                inMember = false
                guard inflateReset(z) == Z_OK else { throw GzipError(code: .zlib, detail: "inflateReset failed") }
            default:
                let message = z.pointee.msg.map { String(cString: $0) } ?? "error \(code)"
                throw GzipError(code: .damaged, detail: "damaged data: \(message)")
            }
            if produced > 0 { try sink(Array(UnsafeBufferPointer(start: buffer, count: produced))) }
            // Skip zero padding some writers leave between members.
            if !inMember {
                while z.pointee.avail_in > 0, let next = z.pointee.next_in, next.pointee == 0 {
                    z.pointee.next_in = next + 1
                    z.pointee.avail_in -= 1
                }
            }
            if produced == 0, z.pointee.avail_in == before, z.pointee.avail_in > 0 {
                throw GzipError(code: .damaged, detail: "damaged data: inflate made no progress")
            }
        }
    }
}
