import Foundation

/// Removes paragraphs that repeat an earlier paragraph of the same article.
///
/// The rule, in order:
/// 1. Paragraphs are compared in a normal form: NFC, lowercased, punctuation and symbols
///    removed, whitespace collapsed. Equal normal forms are repeats.
/// 2. Near repeats: when `similarity` < 1, a paragraph of at least 30 characters whose
///    character-bigram Dice coefficient with an earlier one is at least `similarity` (and whose
///    length is within the same ratio) is a repeat: a scraper's copy that differs in a few
///    characters. Their numbers must agree: lines that differ only in figures ("Game 1…",
///    "Game 2…", "rose 5%" vs "rose 6%") say different things.
/// 3. Short legitimate repeats stay: a repeat with fewer than `keepShorterThan` letters ("—",
///    "***", a one-word label), or, with `keepPullQuotes`, one where either copy is a block quote.
/// 4. The first occurrence is kept, order is kept, and the article counts what was removed.
///
/// Memory is scoped to one article: nothing leaks from one article into the next, so results
/// do not depend on run order or threads.
public struct ParagraphDeduplicator: Sendable {
    public var similarity: Double
    public var keepShorterThan: Int
    public var keepPullQuotes: Bool

    public init(similarity: Double = 0.9, keepShorterThan: Int = 12, keepPullQuotes: Bool = true) {
        self.similarity = similarity
        self.keepShorterThan = keepShorterThan
        self.keepPullQuotes = keepPullQuotes
    }

    public init(_ settings: Configuration.DedupeSettings) {
        self.init(
            similarity: settings.paragraphSimilarity, keepShorterThan: settings.keepRepeatsShorterThan,
            keepPullQuotes: settings.keepPullQuotes)
    }

    private struct Seen {
        var key: String
        var digits: String
        var kind: Paragraph.Kind
        /// Computed the first time a near-repeat comparison needs it.
        var bigrams: [UInt64]?
    }

    public func deduplicate(_ article: CleanedArticle) -> CleanedArticle {
        // Keyed by a hash of the key's bytes: hashing a non-ASCII String normalises it again.
        var exact: [UInt64: [(key: String, kind: Paragraph.Kind)]] = [:]
        func exactKind(_ key: String, hash: UInt64) -> Paragraph.Kind? {
            exact[hash]?.first { $0.key.utf8.elementsEqual(key.utf8) }?.kind
        }
        var seen: [Seen] = []
        var kept: [Paragraph] = []
        kept.reserveCapacity(article.paragraphs.count)
        var removed = 0
        for paragraph in article.paragraphs {
            if PageBudget.exceeded { break }  // the stage fails the page (max_page_seconds)
            let key = Self.key(paragraph.text)
            if key.isEmpty {
                kept.append(paragraph)
                continue
            }
            let hash = FNV1a.hash(key.utf8)
            let earlierExact = exactKind(key, hash: hash)
            var earlierKind: Paragraph.Kind? = earlierExact
            let digits = similarity < 1 ? Self.digits(key) : ""
            if earlierKind == nil, similarity < 1 {
                earlierKind = nearMatch(key: key, digits: digits, in: &seen)
            }
            if let earlierKind, !isLegitimateRepeat(paragraph, key: key, earlier: earlierKind) {
                removed += 1
                continue
            }
            if earlierExact == nil {
                exact[hash, default: []].append((key, paragraph.kind))
                if similarity < 1 { seen.append(Seen(key: key, digits: digits, kind: paragraph.kind)) }
            }
            kept.append(paragraph)
        }
        var result = article
        result.paragraphs = kept
        result.duplicatesRemoved += removed
        return result
    }

    private func isLegitimateRepeat(_ paragraph: Paragraph, key: String, earlier: Paragraph.Kind) -> Bool {
        if key.unicodeScalars.filter({ $0.properties.isAlphabetic }).count < keepShorterThan { return true }
        if keepPullQuotes, paragraph.kind == .quote || earlier == .quote { return true }
        return false
    }

    /// How many earlier paragraphs a paragraph is compared with for near repeats: the latest
    /// ones. Comparing with all of them is quadratic (a page of 8,000 paragraphs took 38 s);
    /// real articles hold far fewer kept paragraphs than this, so for them nothing changes,
    /// and a hostile page costs at most this many comparisons per paragraph.
    static let nearRepeatWindow = 256

    /// The earlier paragraph this one nearly repeats, if any. Bigrams are built only for
    /// pairs that pass the cheap filters (same numbers, similar length).
    private func nearMatch(key: String, digits: String, in seen: inout [Seen]) -> Paragraph.Kind? {
        let length = Double(key.utf8.count)
        guard length >= 30 else { return nil }  // too short to judge "nearly equal"
        var mine: [UInt64]?
        let window = max(seen.startIndex, seen.endIndex - Self.nearRepeatWindow)..<seen.endIndex
        for index in window where seen[index].digits == digits {
            let other = Double(seen[index].key.utf8.count)
            guard min(length, other) / max(length, other) >= similarity else { continue }
            let bigrams = mine ?? Self.bigrams(key)
            mine = bigrams
            let theirs = seen[index].bigrams ?? Self.bigrams(seen[index].key)
            seen[index].bigrams = theirs
            guard bigrams.count >= 30, theirs.count >= 30 else { continue }
            // Multiset intersection of two sorted arrays.
            var shared = 0
            var a = 0
            var b = 0
            while a < bigrams.count, b < theirs.count {
                if bigrams[a] == theirs[b] {
                    shared += 1
                    a += 1
                    b += 1
                } else if bigrams[a] < theirs[b] {
                    a += 1
                } else {
                    b += 1
                }
            }
            let dice = 2 * Double(shared) / Double(bigrams.count + theirs.count)
            if dice >= similarity { return seen[index].kind }
        }
        return nil
    }

    /// The form two paragraphs are compared in: NFC, lowercased, letters/digits/marks only,
    /// single spaces between words.
    static func key(_ text: String) -> String {
        if let ascii = asciiKey(text) { return ascii }
        let composed = UnicodeFast.nfc(text)
        var out = [UInt8]()
        out.reserveCapacity(composed.utf8.count)
        var pendingSpace = false
        // Lowercased scalar by scalar: most scalars of non-Latin text have no case, and
        // lowercasing the whole string first costs more than the rest of the key.
        for scalar in composed.unicodeScalars {
            if UnicodeFast.isWordCharacter(scalar)
                || (scalar.value >= 0x300
                    && (scalar.properties.generalCategory == .nonspacingMark
                        || scalar.properties.generalCategory == .spacingMark))
            {
                if pendingSpace, !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                if scalar.value < 0x80 {
                    let byte = UInt8(scalar.value)
                    out.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
                } else if scalar.properties.changesWhenLowercased {
                    out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
                } else {
                    UTF8.encode(scalar) { out.append($0) }
                }
            } else {
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The key of an all-ASCII text, straight from its bytes; nil for other text.
    private static func asciiKey(_ text: String) -> String? {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            switch byte {
            case 0x80...0xFF:
                return nil
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                if pendingSpace, !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
            default:
                pendingSpace = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The digits of a text in order (ASCII, Arabic-Indic, Devanagari, Thai, full-width): near
    /// repeats must state the same numbers.
    static func digits(_ key: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in key.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39, 0x660...0x669, 0x6F0...0x6F9, 0x966...0x96F, 0xE50...0xE59, 0xFF10...0xFF19:
                out.append(scalar)
            default:
                continue
            }
        }
        return String(out)
    }

    /// Character bigrams of a normal form, as a sorted multiset.
    static func bigrams(_ key: String) -> [UInt64] {
        var grams: [UInt64] = []
        grams.reserveCapacity(key.utf8.count)
        var previous: UInt32?
        for scalar in key.unicodeScalars {
            if let previous { grams.append(UInt64(previous) << 32 | UInt64(scalar.value)) }
            previous = scalar.value
        }
        IntegerSort.sort(&grams)
        return grams
    }
}
