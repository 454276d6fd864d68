import Foundation

/// Cheap answers to Unicode questions asked for every character of every page. Swift's
/// `Unicode.Scalar.Properties` are exact but costly per call; these answer the common cases
/// from ranges and fall back to the properties only for the rest.
enum UnicodeFast {
    /// Whether a scalar is a letter or digit (what `\w` matches, less the underscore).
    @inline(__always) static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) }
        switch v {
        case 0xC0...0x24F: return v != 0xD7 && v != 0xF7  // Latin-1 and Latin Extended letters
        case 0x391...0x3FF, 0x400...0x481, 0x48A...0x52F: return true  // Greek, Cyrillic letters
        case 0x5D0...0x5EA, 0x620...0x64A, 0x671...0x6D3: return true  // Hebrew, Arabic letters
        case 0x1E00...0x1FFF: return true  // Latin Extended Additional (Vietnamese), Greek Extended
        case 0x3041...0x3096, 0x30A1...0x30FA, 0x4E00...0x9FFF, 0xAC00...0xD7A3: return true  // kana, Han, Hangul
        case 0x2000...0x206F, 0x3000...0x303F, 0xFF01...0xFF0F: return false  // general and CJK punctuation
        default: return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        }
    }

    /// Whether NFC could change a text containing this scalar: combining marks (which compose
    /// or reorder), conjoining jamo, and the characters whose canonical mapping is a singleton.
    /// Text made only of other scalars is already NFC.
    @inline(__always) static func mayChangeUnderNFC(_ v: UInt32) -> Bool {
        if v < 0x300 { return false }
        switch v {
        case 0x300...0x36F, 0x374, 0x37E, 0x387, 0x483...0x489, 0x591...0x5C7, 0x610...0x61A, 0x64B...0x65F, 0x670,
            0x6D6...0x6ED, 0x711, 0x730...0x74A, 0x7A6...0x7B0, 0x7EB...0x7F3, 0x816...0x82D, 0x859...0x85B,
            0x8D3...0x8FF, 0x900...0xDFF, 0xE31...0xE3A, 0xE47...0xE4E, 0xEB1...0xEBC, 0xEC8...0xECD, 0xF00...0xFFF,
            0x1000...0x109F, 0x1100...0x11FF, 0x135D...0x135F, 0x1712...0x1714, 0x17B4...0x17D3, 0x1AB0...0x1AFF,
            0x1B00...0x1B7F, 0x1DC0...0x1DFF, 0x1F00...0x1FFF, 0x2000...0x2001, 0x20D0...0x20FF, 0x2126...0x212B,
            0x2329...0x232A, 0x2ADC, 0x302A...0x302F, 0x3099...0x309A, 0xA66F...0xA67D, 0xA8E0...0xA8F1,
            0xAC00...0xD7A3,
            0xF900...0xFAFF, 0xFB1D...0xFB4F, 0xFE20...0xFE2F, 0x1D15E...0x1D1C0, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// NFC, skipping Foundation's normalizer when no scalar could change.
    static func nfc(_ text: String) -> String {
        for scalar in text.unicodeScalars where mayChangeUnderNFC(scalar.value) {
            return text.precomposedStringWithCanonicalMapping
        }
        return text
    }
}
