/// Phrases looked for anywhere in a (lowercased) line in one pass over its bytes: a bit per
/// pair of leading bytes rules out almost every position with one lookup, and the rest are
/// compared only with the phrases that start with their byte.
struct PhraseSet: Sendable {
    private let phrasesByFirstByte: [[[UInt8]]]
    /// Bit `b0 << 8 | b1` is set when some phrase starts with the bytes b0, b1.
    private let leadingPairs: [UInt64]

    init(_ phrases: [String]) {
        var table = [[[UInt8]]](repeating: [], count: 256)
        var pairs = [UInt64](repeating: 0, count: 1024)
        for phrase in phrases where phrase.utf8.count >= 2 {
            let bytes = Array(phrase.utf8)
            table[Int(bytes[0])].append(bytes)
            let pair = Int(bytes[0]) << 8 | Int(bytes[1])
            pairs[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        phrasesByFirstByte = table
        leadingPairs = pairs
    }

    func occurs(in text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 2 else { return false }
            for start in 0..<(bytes.count - 1) {
                let pair = Int(bytes[start]) << 8 | Int(bytes[start + 1])
                guard leadingPairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
                for phrase in phrasesByFirstByte[Int(bytes[start])] where phrase.count <= bytes.count - start {
                    var matched = true
                    for offset in 2..<phrase.count where bytes[start + offset] != phrase[offset] {
                        matched = false
                        break
                    }
                    if matched, phrase[1] == bytes[start + 1] { return true }
                }
            }
            return false
        }
    }
}
