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
                    throw GzipError(detail: "decompresses to more than \(limit) bytes")
                }
                output.append(contentsOf: chunk)
            }
        }
        return output
    }
}

/// A gzip stream that went wrong.
public struct GzipError: Error, CustomStringConvertible, Sendable {
    public let detail: String
    public var description: String { "gzip: \(detail)" }
}

/// One owner for a zlib inflate stream that reads concatenated gzip members.
final class Inflater {
    private var stream = z_stream()
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    init() throws {
        // 15 + 16: gzip wrapper only (not raw deflate or zlib), maximum window.
        let code = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else { throw GzipError(detail: "inflateInit2 failed (\(code))") }
    }

    deinit { inflateEnd(&stream) }

    /// Inflates `input`, handing each piece of output to `sink`. At the end of a member the
    /// stream is reset so the next member continues. With `final`, input that ends inside a
    /// member is an error (a truncated file).
    func feed(_ input: UnsafeBufferPointer<UInt8>, final: Bool, sink: ([UInt8]) throws -> Void) throws {
        guard let base = input.baseAddress, !input.isEmpty else {
            if final, stream.total_in > 0, inMember { throw GzipError(detail: "truncated: the data ends inside a member") }
            return
        }
        stream.next_in = UnsafeMutablePointer(mutating: base)
        stream.avail_in = UInt32(input.count)
        while stream.avail_in > 0 {
            let before = stream.avail_in
            let produced: Int = try buffer.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                let code = inflate(&stream, Z_NO_FLUSH)
                let count = out.count - Int(stream.avail_out)
                switch code {
                case Z_OK, Z_BUF_ERROR:
                    inMember = true
                case Z_STREAM_END:
                    inMember = false
                    inflateReset(&stream)
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(code)"
                    throw GzipError(detail: "damaged data: \(message)")
                }
                return count
            }
            if produced > 0 { try sink(Array(buffer[0..<produced])) }
            // Skip zero padding some writers leave between members.
            if !inMember {
                while stream.avail_in > 0, stream.next_in.pointee == 0 {
                    stream.next_in += 1
                    stream.avail_in -= 1
                }
            }
            if produced == 0, stream.avail_in == before, stream.avail_in > 0 {
                throw GzipError(detail: "damaged data: inflate made no progress")
            }
        }
        if final, inMember { throw GzipError(detail: "truncated: the data ends inside a member") }
    }

    private var inMember = false
}
