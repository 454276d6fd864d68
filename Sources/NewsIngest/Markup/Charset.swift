import CUchardet
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How the bytes of a page were turned into UTF-8, and why.
public struct CharsetDecision: Sendable, Equatable {
    public enum Evidence: String, Sendable {
        case byteOrderMark = "bom"
        case httpHeader = "http"
        case metaTag = "meta"
        case detected = "detected"
        case validUTF8 = "utf8"
    }

    /// iconv name of the charset used.
    public var charset: String
    public var evidence: Evidence
    /// Set when a declaration was overruled because the bytes could not be in that charset.
    public var overruledDeclaration: String?
    /// Set when the bytes were checked and are valid UTF-8 (no repair needed).
    var validUTF8 = false
}

/// Chooses a page's charset: BOM, then the HTTP `Content-Type` charset, then `<meta>`;
/// uchardet when nothing is declared. A declaration the bytes contradict (a page stored as
/// UTF-8 that still says `gb2312`) is overruled.
public enum CharsetDetector {
    public static func decide(bytes: [UInt8], contentType: String?) -> CharsetDecision {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return CharsetDecision(charset: "UTF-8", evidence: .byteOrderMark)
        }
        if bytes.starts(with: [0xFF, 0xFE]) { return CharsetDecision(charset: "UTF-16LE", evidence: .byteOrderMark) }
        if bytes.starts(with: [0xFE, 0xFF]) { return CharsetDecision(charset: "UTF-16BE", evidence: .byteOrderMark) }

        var declared: (String, CharsetDecision.Evidence)? =
            contentType.flatMap(charsetParameter).map { ($0, .httpHeader) }
            ?? metaCharset(bytes).map { ($0, .metaTag) }
        let utf8 = UTF8Validity.check(bytes)
        var overruled: String?
        // A UTF-16 declaration is believed only over bytes that are UTF-16: a <meta> we could
        // read as ASCII cannot be (the WHATWG rule), and a header over bytes without the zero
        // bytes of UTF-16 text is wrong (read as UTF-16, UTF-8 bytes turn into CJK garbage).
        if let (name, evidence) = declared, normalize(name)?.hasPrefix("UTF-16") == true,
            evidence == .metaTag || !looksLikeUTF16(bytes)
        {
            overruled = name
            declared = nil
        }

        if let (name, evidence) = declared, let normalized = normalize(name) {
            if normalized == "UTF-8" {
                if utf8 != .invalid { return CharsetDecision(charset: "UTF-8", evidence: evidence, validUTF8: true) }
                // Declared UTF-8 but it is not: detect, and say so.
                let guess = detect(bytes) ?? "WINDOWS-1252"
                return CharsetDecision(charset: guess, evidence: .detected, overruledDeclaration: name)
            }
            // Non-ASCII bytes that form valid UTF-8 are practically never legacy-encoded text:
            // the page was re-encoded and its declaration left behind.
            if utf8 == .validNonASCII, !isUnicodeFamily(normalized) {
                return CharsetDecision(
                    charset: "UTF-8", evidence: .validUTF8, overruledDeclaration: name, validUTF8: true)
            }
            return CharsetDecision(charset: normalized, evidence: evidence)
        }
        if utf8 != .invalid {
            return CharsetDecision(
                charset: "UTF-8", evidence: .validUTF8, overruledDeclaration: overruled, validUTF8: true)
        }
        return CharsetDecision(
            charset: detect(bytes) ?? "WINDOWS-1252", evidence: .detected, overruledDeclaration: overruled)
    }

    /// Whether the first bytes have the zero bytes UTF-16 puts beside every ASCII character:
    /// at least a quarter of the even or of the odd positions.
    static func looksLikeUTF16(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(1024)
        guard sample.count >= 4 else { return false }
        var zeros = (even: 0, odd: 0)
        for (offset, byte) in sample.enumerated() where byte == 0 {
            if offset % 2 == 0 { zeros.even += 1 } else { zeros.odd += 1 }
        }
        let half = sample.count / 2
        return zeros.even * 4 >= half || zeros.odd * 4 >= half
    }

    /// Labels a page may not choose: UTF-7 (browsers refuse it; it hides markup in plain
    /// ASCII, a known script-injection trick) and encodings that are not ASCII-compatible
    /// (UTF-32, UCS-2/4, EBCDIC), which a declaration we read as ASCII contradicts.
    private static let refusedLabels: [String] = [
        "utf-7", "utf7", "x-utf-7", "unicode-1-1-utf-7", "csunicode11utf7", "utf-32", "utf32", "utf-32le", "utf-32be",
        "ucs-2", "ucs2", "ucs-4", "ucs4", "iso-10646-ucs-2", "iso-10646-ucs-4", "csunicode", "x-user-defined",
    ]

    private static func isRefused(_ name: String) -> Bool {
        refusedLabels.contains(name)
            || ["ebcdic", "cp037", "ibm037", "cp500", "ibm500", "cp1047", "ibm1047"].contains { name.hasPrefix($0) }
    }

    /// The `charset=` parameter of a Content-Type value.
    static func charsetParameter(_ contentType: String) -> String? {
        for part in contentType.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
                continue
            }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The charset a `<meta charset>` or `<meta http-equiv="Content-Type">` declares in the first 8 KiB.
    static func metaCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(8192)
        let end = head.endIndex
        var i = head.startIndex
        while i + 5 < end {
            // "<meta", any case.
            guard head[i] == UInt8(ascii: "<"), head[i + 1] | 0x20 == UInt8(ascii: "m"),
                head[i + 2] | 0x20 == UInt8(ascii: "e"),
                head[i + 3] | 0x20 == UInt8(ascii: "t"), head[i + 4] | 0x20 == UInt8(ascii: "a")
            else {
                i += 1
                continue
            }
            var close = i + 5
            while close < end, head[close] != UInt8(ascii: ">") { close += 1 }
            let tag = String(decoding: head[(i + 5)..<close], as: UTF8.self).lowercased()
            i = close
            guard let charsetRange = tag.range(of: "charset") else { continue }
            var rest = tag[charsetRange.upperBound...].drop { $0 == " " }
            guard rest.first == "=" else { continue }
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\"" || $0 == "'" }
            let value = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ":" || $0 == "." }
            if !value.isEmpty { return String(value) }
        }
        return nil
    }

    /// Maps a declared label to an iconv name, following the WHATWG Encoding Standard's
    /// aliases where they differ (latin1 and ascii mean windows-1252, gb2312 means GBK).
    static func normalize(_ label: String) -> String? {
        let name = label.trimmingCharacters(in: .whitespaces).lowercased()
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return "UTF-8"
        case "iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "iso8859-1", "cp1252", "windows-1252", "x-cp1252":
            return "WINDOWS-1252"
        case "gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "chinese": return "GBK"
        case "gb18030": return "GB18030"
        case "big5", "big5-hkscs", "x-x-big5": return "BIG5-HKSCS"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "cp932": return "CP932"
        case "euc-jp", "x-euc-jp": return "EUC-JP"
        case "euc-kr", "ks_c_5601-1987", "windows-949", "cp949": return "CP949"
        case "iso-8859-9", "latin5": return "WINDOWS-1254"
        case "iso-8859-11", "tis-620": return "WINDOWS-874"
        case "utf-16", "utf-16le": return "UTF-16LE"
        case "utf-16be": return "UTF-16BE"
        default:
            guard !name.isEmpty, name.count < 40, !isRefused(name) else { return nil }
            return IconvConverter.isSupported(name) ? name.uppercased() : nil
        }
    }

    private static func isUnicodeFamily(_ name: String) -> Bool { name.hasPrefix("UTF-") }

    /// uchardet's guess, or nil when it has none.
    static func detect(_ bytes: [UInt8]) -> String? {
        guard let detector = uchardet_new() else { return nil }
        defer { uchardet_delete(detector) }
        let sample = bytes.prefix(256 * 1024)
        let status = sample.withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                uchardet_handle_data(detector, $0, buffer.count)
            }
        }
        guard status == 0 else { return nil }
        uchardet_data_end(detector)
        guard let name = uchardet_get_charset(detector) else { return nil }
        let charset = String(cString: name)
        if charset.isEmpty || charset == "ASCII" { return charset.isEmpty ? nil : "UTF-8" }
        return normalize(charset) ?? (IconvConverter.isSupported(charset) ? charset : nil)
    }
}

/// Whether bytes are valid UTF-8, and whether any of them is beyond ASCII.
enum UTF8Validity: Equatable {
    case ascii, validNonASCII, invalid

    static func check(_ bytes: [UInt8]) -> UTF8Validity {
        var sawNonASCII = false
        var i = 0
        let n = bytes.count
        while i < n {
            // Skip ASCII eight bytes at a time.
            while i + 8 <= n {
                let word = bytes.withUnsafeBufferPointer {
                    UnsafeRawPointer($0.baseAddress! + i).loadUnaligned(as: UInt64.self)
                }
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            guard i < n else { break }
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            sawNonASCII = true
            let length: Int
            if b & 0xE0 == 0xC0, b >= 0xC2 {
                length = 2
            } else if b & 0xF0 == 0xE0 {
                length = 3
            } else if b & 0xF8 == 0xF0, b <= 0xF4 {
                length = 4
            } else {
                return .invalid
            }
            guard i + length <= n else {
                // A sequence cut by a size limit at the very end is not evidence against UTF-8.
                for k in (i + 1)..<n where bytes[k] & 0xC0 != 0x80 { return .invalid }
                return .validNonASCII
            }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return .invalid }
            if length == 3 {
                let b1 = bytes[i + 1]
                if (b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 >= 0xA0) { return .invalid }
            } else if length == 4 {
                let b1 = bytes[i + 1]
                if (b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 >= 0x90) { return .invalid }
            }
            i += length
        }
        return sawNonASCII ? .validNonASCII : .ascii
    }
}

/// Converts bytes from a legacy charset to UTF-8 with iconv. Bytes the charset cannot
/// decode become U+FFFD; the conversion never stops early.
enum IconvConverter {
    static func isSupported(_ charset: String) -> Bool {
        let cd = iconv_open("UTF-8", charset)
        if cd == iconv_t(bitPattern: -1) { return false }
        iconv_close(cd)
        return true
    }

    static func toUTF8(_ bytes: [UInt8], from charset: String, knownValid: Bool = false) -> [UInt8]? {
        if charset == "UTF-8" { return knownValid ? bytes : repairUTF8(bytes) }
        let cd = iconv_open("UTF-8", charset)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var output = [UInt8]()
        output.reserveCapacity(bytes.count * 2)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = bytes
        input.withUnsafeMutableBufferPointer { inBuffer in
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?
                .assumingMemoryBound(to: CChar.self)
            var inLeft = inBuffer.count
            while inLeft > 0 {
                let (result, produced): (Int, Int) = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    return (r, outBuffer.count - outLeft)
                }
                output.append(contentsOf: chunk[0..<produced])
                if result == -1 {
                    let err = errno
                    if err == E2BIG { continue }
                    // EILSEQ or EINVAL: an undecodable or truncated sequence; replace one byte and go on.
                    output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    inPtr = inPtr.map { $0 + 1 }
                    inLeft -= 1
                    _ = iconv(cd, nil, nil, nil, nil)
                }
            }
        }
        return output
    }

    /// Replaces invalid UTF-8 sequences with U+FFFD.
    static func repairUTF8(_ bytes: [UInt8]) -> [UInt8] {
        if UTF8Validity.check(bytes) != .invalid { return bytes }
        return Array(String(decoding: bytes, as: UTF8.self).utf8)
    }
}
