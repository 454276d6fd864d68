/// Counts how much text a string holds, comparably across scripts: letters and digits count 1,
/// characters of scripts written without spaces (Han, Kana, Thai…) count 3, since one of them
/// carries about as much as a short word.
enum TextWeight {
    /// `limit`: stop counting once the weight reaches it (a caller that only compares the
    /// weight with a bound need not read a long paragraph to its end).
    static func of(_ text: String, stoppingAt limit: Int = .max) -> (weight: Int, commas: Int) {
        var text = text
        // Over the UTF-8 bytes: ASCII is counted without decoding, other scalars are decoded here.
        return text.withUTF8 { bytes in
            var weight = 0
            var commas = 0
            var i = 0
            let count = bytes.count
            while i < count, weight < limit {
                let b = bytes[i]
                if b < 0x80 {
                    if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) {
                        weight += 1
                    } else if b == 0x2C {
                        commas += 1
                    }
                    i += 1
                    continue
                }
                // Valid UTF-8 (a Swift string): the lead byte gives the length.
                var v: UInt32
                if b >= 0xF0, i + 3 < count {
                    v =
                        UInt32(b & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                        | UInt32(bytes[i + 3] & 0x3F)
                    i += 4
                } else if b >= 0xE0, i + 2 < count {
                    v = UInt32(b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                    i += 3
                } else if i + 1 < count {
                    v = UInt32(b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                    i += 2
                } else {
                    break
                }
                if isNoSpaceScript(v) {
                    weight += 3
                } else if v == 0xFF0C || v == 0x3001 || v == 0x060C {
                    commas += 1
                } else if let scalar = Unicode.Scalar(v), UnicodeFast.isWordCharacter(scalar) {
                    weight += 1
                }
            }
            return (weight, commas)
        }
    }

    @inline(__always) static func isNoSpaceScript(_ v: UInt32) -> Bool {
        (v >= 0x3040 && v <= 0x30FF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF)
            || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x0E00 && v <= 0x0EFF) || (v >= 0x1000 && v <= 0x109F)
            || (v >= 0x1780 && v <= 0x17FF) || (v >= 0x20000 && v <= 0x3FFFF) || (v >= 0xFF66 && v <= 0xFF9F)
    }
}
