import CICUShim
import CLibXML2
import Foundation

/// Unicode and whitespace normalization for every text field of a record.
public enum TextNormalizer {
    /// NFC; zero-width, bidi-control and C0/C1 control characters removed (ZWJ and ZWNJ are
    /// kept: Persian and Indic scripts need them); whitespace collapsed.
    public static func normalize(_ text: String) -> String {
        let decoded = text.utf8.contains(UInt8(ascii: "&")) ? decodeEntities(text) : text
        // Only rebuild the text when a byte could start an invisible character.
        let suspicious =
            decoded.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE1 || $0 == 0xEF }
            || decoded.unicodeScalars.contains { $0.value >= 0x2000 && $0.value <= 0x206F && isInvisible($0) }
        var visible = decoded
        if suspicious {
            var scalars = String.UnicodeScalarView()
            for scalar in repairingMojibake(decoded.unicodeScalars) where !isInvisible(scalar) {
                scalars.append(scalar)
            }
            visible = String(scalars)
        }
        return Whitespace.collapse(UnicodeFast.nfc(visible))
    }

    /// UTF-8 read once as Latin-1 and encoded again ("Investorâ\u{80}\u{99}s" for "Investor’s",
    /// a CMS that double-encoded its text): a Latin-1 lead character followed by the
    /// continuation characters of a valid UTF-8 sequence is that sequence's character. Repaired
    /// only when a continuation is a C1 control (U+0080–U+009F), which no text holds: without
    /// one, "Ã©" may be what the page means, and removing the controls would leave "Investorâs".
    static func repairingMojibake(_ scalars: String.UnicodeScalarView) -> [Unicode.Scalar] {
        let input = Array(scalars)
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            let lead = input[i].value
            let length =
                (0xC2...0xDF).contains(lead)
                ? 2 : (0xE0...0xEF).contains(lead) ? 3 : (0xF0...0xF4).contains(lead) ? 4 : 0
            if length > 0, i + length <= input.count {
                let tail = input[(i + 1)..<(i + length)].map(\.value)
                if tail.allSatisfy({ (0x80...0xBF).contains($0) }), tail.contains(where: { $0 <= 0x9F }),
                    let decoded = String(validating: [UInt8(lead)] + tail.map(UInt8.init), as: UTF8.self),
                    decoded.unicodeScalars.count == 1, let repaired = decoded.unicodeScalars.first
                {
                    out.append(repaired)
                    i += length
                    continue
                }
            }
            out.append(input[i])
            i += 1
        }
        return out
    }

    @inline(__always) static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 { return !(v == 0x09 || v == 0x0A || v == 0x0D) }
        if v < 0x7F { return false }
        switch v {
        case 0x7F...0x84, 0x86...0x9F: return true  // DEL and C1 (U+0085 is a line break)
        case 0xAD: return true  // soft hyphen
        case 0x200B, 0x2060, 0xFEFF, 0x180E: return true  // zero-width space, word joiner, BOM
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: return true  // bidi controls
        case 0xFFF9...0xFFFB: return true  // interlinear annotation
        default: return false
        }
    }

    /// Decodes HTML entities left in text (double-encoded titles, feeds): named entities from
    /// libxml2's HTML table, decimal and hex references. Unknown or malformed ones stay as they are.
    public static func decodeEntities(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = after
                continue
            }
            let name = after[..<semicolon]
            var scalar: Unicode.Scalar?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            } else if name.hasPrefix("#") {
                scalar = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
            } else if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                scalar = String(name).withCString { pointer in
                    pointer.withMemoryRebound(to: xmlChar.self, capacity: name.utf8.count + 1) { htmlEntityLookup($0) }
                }.flatMap { Unicode.Scalar($0.pointee.value) }
            }
            if let scalar, scalar.value != 0 {
                out.unicodeScalars.append(scalar)
                rest = after[after.index(after: semicolon)...]
            } else {
                out += "&"
                rest = after
            }
        }
        out += rest
        return out
    }

    /// Counts words: runs of letters/digits in spaced scripts, each Han/Kana character, and for
    /// Thai, Lao, Khmer and Myanmar (no spaces between words, not one word per character) the
    /// words ICU's dictionary-based word breaker finds.
    public static func wordCount(_ text: String) -> Int {
        // One pass over the bytes, ASCII read as bytes (most of most pages), the rest decoded:
        // a quarter of the instructions of the two passes over `unicodeScalars` it replaces
        // (callgrind, dev set: 190 M -> 48 M). A script that needs the dictionary stops it,
        // and ICU counts.
        var copy = text
        let fast: Int? = copy.withUTF8 { bytes in
            var count = 0
            var inWord = false
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x80 {
                    // isWordCharacter's ASCII: digits and letters; no ASCII is a mark or no-space script.
                    if (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) {
                        if !inWord { count += 1 }
                        inWord = true
                    } else if byte != 0x27 && byte != 0x2D {
                        inWord = false
                    }
                    i += 1
                    continue
                }
                // A String's UTF-8 is valid: the lead byte gives the length.
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                guard i + length <= bytes.count else { return nil }
                var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
                i += length
                guard let scalar = Unicode.Scalar(value), !needsDictionaryBreaks(value) else { return nil }
                step(scalar, count: &count, inWord: &inWord)
            }
            return count
        }
        if let fast { return fast }
        // The byte pass stopped on a scalar that needs the dictionary (a String's UTF-8 is
        // valid, so nothing else stops it): no second scan to find one.
        let count = text.withCString { ni_icu_word_count($0, Int32(strlen($0)), nil) }
        if count >= 0 { return Int(count) }
        return wordCountByScalars(text)
    }

    /// ``wordCount(_:)`` scalar by scalar, without the dictionary (ICU's fallback, and the
    /// reference the byte pass is tested against).
    static func wordCountByScalars(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars { step(scalar, count: &count, inWord: &inWord) }
        return count
    }

    /// One scalar of the word count: each Han/Kana character a word, runs of letters, digits
    /// and marks a word, apostrophes and hyphens inside words.
    @inline(__always) private static func step(_ scalar: Unicode.Scalar, count: inout Int, inWord: inout Bool) {
        let v = scalar.value
        if TextWeight.isNoSpaceScript(v), !needsDictionaryBreaks(v) {
            count += 1
            inWord = false
        } else if UnicodeFast.isWordCharacter(scalar)
            || (v >= 0x300
                && (scalar.properties.generalCategory == .nonspacingMark
                    || scalar.properties.generalCategory == .spacingMark))
        {
            if !inWord { count += 1 }
            inWord = true
        } else if v == 0x27 || v == 0x2019 || v == 0x2D {
            return  // apostrophes and hyphens inside words
        } else {
            inWord = false
        }
    }
}

extension TextNormalizer {
    /// Thai, Lao, Myanmar and Khmer: written without spaces, words of several characters.
    @inline(__always) static func needsDictionaryBreaks(_ v: UInt32) -> Bool {
        (v >= 0x0E00 && v <= 0x0EFF) || (v >= 0x1000 && v <= 0x109F) || (v >= 0x1780 && v <= 0x17FF)
    }

    /// Minutes to read: 230 words a minute, Han/Kana at 500 characters a minute, rounded up.
    public static func readingTime(_ text: String) -> Int {
        readingTime(text, wordCount: wordCount(text))
    }

    /// The same, with the text's word count already known.
    static func readingTime(_ text: String, wordCount: Int) -> Int {
        guard !text.isEmpty else { return 0 }
        var hanKana = 0
        for scalar in text.unicodeScalars
        where scalar.value >= 0x3040 && TextWeight.isNoSpaceScript(scalar.value) && !needsDictionaryBreaks(scalar.value)
        {
            hanKana += 1
        }
        let words = max(0, wordCount - hanKana)
        let minutes = Double(words) / 230 + Double(hanKana) / 500
        return max(1, Int(minutes.rounded(.up)))
    }
}
