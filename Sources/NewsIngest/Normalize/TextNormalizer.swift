import Foundation

/// Unicode and whitespace normalization for every text field of a record.
public enum TextNormalizer {
    /// NFC; zero-width, bidi-control and C0/C1 control characters removed (ZWJ and ZWNJ are
    /// kept: Persian and Indic scripts need them); whitespace collapsed.
    public static func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isInvisible(scalar) {
            scalars.append(scalar)
        }
        return Whitespace.collapse(String(scalars).precomposedStringWithCanonicalMapping)
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

    /// Counts words: runs of letters/digits in spaced scripts, and each character of scripts
    /// written without spaces (Han, Kana, Thai, …).
    public static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if TextWeight.isNoSpaceScript(v) {
                count += 1
                inWord = false
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar.properties.generalCategory == .nonspacingMark
                || scalar.properties.generalCategory == .spacingMark
            {
                if !inWord { count += 1 }
                inWord = true
            } else if v == 0x27 || v == 0x2019 || v == 0x2D {
                continue  // apostrophes and hyphens inside words
            } else {
                inWord = false
            }
        }
        return count
    }
}
