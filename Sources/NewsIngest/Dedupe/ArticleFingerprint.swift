import Foundation

/// A MinHash signature of an article's body, for finding near-duplicate articles.
///
/// Shingles are 3 consecutive words (in scripts written without spaces each character is a
/// word, so 3 characters). Each shingle is hashed once to 64 bits; the 64 MinHash values come
/// from 64 fixed universal-hash permutations of that hash. The share of equal values between
/// two signatures estimates the Jaccard similarity of their shingle sets.
///
/// For lookup, the signature is cut into 16 bands of 4 values (LSH): two articles with
/// Jaccard similarity 0.5 share at least one band with probability 0.64, at 0.7 with 0.99,
/// at 0.2 with 0.025; candidates are then compared on the whole signature.
public struct ArticleFingerprint: Sendable, Equatable {
    public static let size = 64
    public static let bands = 16
    public static let rowsPerBand = size / bands

    public var values: [UInt32]
    /// Number of distinct shingles (0 for an empty body, which matches nothing).
    public var shingleCount: Int

    public init(values: [UInt32], shingleCount: Int) {
        self.values = values
        self.shingleCount = shingleCount
    }

    /// Fixed permutation parameters (SplitMix64 from a constant seed): every run, every machine
    /// computes the same signatures.
    private static let permutations: [(UInt64, UInt64)] = {
        var state: UInt64 = 0x4E65_7773_496E_6765  // "NewsInge"
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return (0..<size).map { _ in (next() | 1, next()) }
    }()

    public init(text: String) {
        let hashes = Self.shingleHashes(text)
        shingleCount = hashes.count
        var minimums = [UInt32](repeating: .max, count: Self.size)
        Self.permutations.withUnsafeBufferPointer { permutations in
            minimums.withUnsafeMutableBufferPointer { minimums in
                for h in hashes {
                    for i in 0..<Self.size {
                        let (a, b) = permutations[i]
                        let v = UInt32(truncatingIfNeeded: (a &* h &+ b) >> 32)
                        if v < minimums[i] { minimums[i] = v }
                    }
                }
            }
        }
        values = minimums
    }

    /// Estimated Jaccard similarity, 0…1.
    public func similarity(to other: ArticleFingerprint) -> Double {
        guard shingleCount > 0, other.shingleCount > 0 else { return 0 }
        var equal = 0
        for i in 0..<Self.size where values[i] == other.values[i] { equal += 1 }
        return Double(equal) / Double(Self.size)
    }

    /// One 63-bit key per band (SQLite integers are signed 64-bit).
    public var bandKeys: [Int64] {
        (0..<Self.bands).map { band in
            var h: UInt64 = FNV1a.offset ^ UInt64(band)
            for row in 0..<Self.rowsPerBand {
                h = FNV1a.mix(h, UInt64(values[band * Self.rowsPerBand + row]))
            }
            return Int64(bitPattern: h & 0x7FFF_FFFF_FFFF_FFFF)
        }
    }

    /// The signature as bytes, for storage.
    public var data: Data { values.withUnsafeBytes { Data($0) } }

    public init?(data: Data, shingleCount: Int) {
        guard data.count == Self.size * 4 else { return nil }
        values = data.withUnsafeBytes { Array($0.bindMemory(to: UInt32.self)) }
        self.shingleCount = shingleCount
    }

    /// Distinct 64-bit hashes of the text's shingles.
    static func shingleHashes(_ text: String) -> [UInt64] {
        var tokens: [UInt64] = []
        var current = FNV1a.offset
        var inWord = false
        func endWord() {
            if inWord { tokens.append(current) }
            current = FNV1a.offset
            inWord = false
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                // ASCII without property lookups: letters (lowercased) and digits make words.
                if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                    current = FNV1a.mix(current, UInt64(v))
                    inWord = true
                } else if v >= 0x41 && v <= 0x5A {
                    current = FNV1a.mix(current, UInt64(v + 32))
                    inWord = true
                } else {
                    endWord()
                }
                continue
            }
            if TextWeight.isNoSpaceScript(v) {
                endWord()
                tokens.append(UInt64(v) &* 0x9E37_79B9_7F4A_7C15)
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                let lower: UInt32
                if v < 0x80 {
                    lower = (v >= 0x41 && v <= 0x5A) ? v + 32 : v
                } else {
                    lower =
                        scalar.properties.changesWhenLowercased
                        ? (scalar.properties.lowercaseMapping.unicodeScalars.first?.value ?? v) : v
                }
                current = FNV1a.mix(current, UInt64(lower))
                inWord = true
            } else if scalar.properties.generalCategory == .nonspacingMark
                || scalar.properties.generalCategory == .spacingMark
            {
                continue
            } else {
                endWord()
            }
        }
        endWord()
        guard !tokens.isEmpty else { return [] }
        if tokens.count < 3 { return [tokens.reduce(0x8422_2325, FNV1a.mix)] }
        var shingles: [UInt64] = []
        shingles.reserveCapacity(tokens.count - 2)
        for i in 0..<(tokens.count - 2) {
            var h: UInt64 = 0x8422_2325
            h = FNV1a.mix(h, tokens[i])
            h = FNV1a.mix(h, tokens[i + 1])
            h = FNV1a.mix(h, tokens[i + 2])
            shingles.append(h)
        }
        // Distinct values by sorting: cheaper than hashing each one into a Set.
        shingles.sort()
        var distinct = 0
        for value in shingles where distinct == 0 || shingles[distinct - 1] != value {
            shingles[distinct] = value
            distinct += 1
        }
        shingles.removeLast(shingles.count - distinct)
        return shingles
    }
}
