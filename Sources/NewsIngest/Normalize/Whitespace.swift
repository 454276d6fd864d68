import Foundation

/// Whitespace and invisible-character cleanup shared by every stage.
public enum Whitespace {
    /// Collapses every run of whitespace (NBSP, ideographic space and line breaks included) to one
    /// space and trims the ends.
    /// - Complexity: O(n) over the UTF-8 bytes; one allocation.
    public static func collapse(_ text: String) -> String {
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { collapse(bytes: $0) } ?? collapse(bytes: Array(utf8))
    }

    static func collapse<C: RandomAccessCollection>(bytes: C) -> String where C.Element == UInt8, C.Index == Int {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let width = spaceWidth(bytes, at: i, end: end)
            if width > 0 {
                pendingSpace = !out.isEmpty
                i += width
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text without leading and trailing whitespace (the same characters as `collapse`),
    /// without Foundation's per-character CharacterSet checks.
    public static func trim(_ text: String) -> String {
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { bytes -> String in
            var start = 0
            while start < bytes.count {
                let width = spaceWidth(bytes, at: start, end: bytes.count)
                if width == 0 { break }
                start += width
            }
            var end = bytes.count
            while end > start {
                // Step back over one character: find its first byte, then test it.
                var first = end - 1
                while first > start, bytes[first] & 0xC0 == 0x80 { first -= 1 }
                if spaceWidth(bytes, at: first, end: end) == end - first { end = first } else { break }
            }
            if start == 0 && end == bytes.count { return text }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        } ?? text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the text has anything but whitespace.
    static func hasContent(_ text: String) -> Bool {
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { bytes in
            var i = 0
            while i < bytes.count {
                let width = spaceWidth(bytes, at: i, end: bytes.count)
                if width == 0 { return true }
                i += width
            }
            return false
        } ?? text.contains(where: { !$0.isWhitespace })
    }

    /// The byte length of the whitespace character starting at `i`, or 0.
    @inline(__always)
    static func spaceWidth<C: RandomAccessCollection>(_ b: C, at i: Int, end: Int) -> Int
    where C.Element == UInt8, C.Index == Int {
        let c = b[i]
        if c < 0x80 { return (c == 0x20 || (c >= 0x09 && c <= 0x0D)) ? 1 : 0 }
        guard i + 1 < end else { return 0 }
        let d = b[i + 1]
        if c == 0xC2 { return d == 0xA0 || d == 0x85 ? 2 : 0 }
        guard c == 0xE1 || c == 0xE2 || c == 0xE3, i + 2 < end else { return 0 }
        let e = b[i + 2]
        switch (c, d) {
        case (0xE1, 0x9A): return e == 0x80 ? 3 : 0  // U+1680
        // U+2000-200A, 2028, 2029, 202F
        case (0xE2, 0x80): return (e <= 0x8A || e == 0xA8 || e == 0xA9 || e == 0xAF) ? 3 : 0
        case (0xE2, 0x81): return e == 0x9F ? 3 : 0  // U+205F
        case (0xE3, 0x80): return e == 0x80 ? 3 : 0  // U+3000
        default: return 0
        }
    }

    @inline(__always) static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000:
            return true
        default:
            return false
        }
    }
}
