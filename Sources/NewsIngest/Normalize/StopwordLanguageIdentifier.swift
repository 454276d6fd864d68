import Foundation

/// A second opinion for languages CLD2's compact model barely knows, by the share of very
/// common function words.
///
/// Debian's libcld2 is the compact model: it lists Zulu and Xhosa but rarely returns them
/// (Zulu news comes back as Chichewa or Sesotho, unreliable). Each list (the lexicon's `stopwords`) holds frequent
/// function words of one language, chosen to be rare in its neighbours.
struct StopwordLanguageIdentifier: Sendable {
    /// Language code → its function words (the lexicon's `stopwords`).
    private let lists: [String: Set<String>]

    init(lexicon: Lexicon) {
        var lists: [String: Set<String>] = [:]
        for list in lexicon.lists(.stopwords) { lists[list.language, default: []].formUnion(list.phrases) }
        self.lists = lists
    }

    /// Codes CLD2's compact model gives to southern Bantu text it cannot place.
    static let cld2Confusions: Set<String> = ["ny", "st", "sn", "tn", "ts", "ss", "ve", "nr", "rw", "lg"]

    /// The language whose function words make up at least 6% of the words, clearly ahead of
    /// the others; nil when none does.
    func identify(_ text: String) -> (code: String, share: Double)? {
        var words = 0
        var hits: [String: Int] = [:]
        var current: [UInt8] = []
        func endWord() {
            guard !current.isEmpty else { return }
            words += 1
            // The lists are ASCII words; longer or non-ASCII tokens cannot match.
            if current.count <= 12 {
                let word = String(decoding: current, as: UTF8.self)
                for (code, list) in lists where list.contains(word) { hits[code, default: 0] += 1 }
            }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): current.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
            case 0x80...0xFF: current.append(byte)  // part of a non-ASCII letter: the word cannot match
            default:
                endWord()
                if words >= 3000 { break }
            }
        }
        endWord()
        guard words >= 20 else { return nil }
        let ranked = hits.sorted { $0.value > $1.value }
        guard let best = ranked.first else { return nil }
        let share = Double(best.value) / Double(words)
        let runnerUp = ranked.count > 1 ? ranked[1].value : 0
        guard share >= 0.06, Double(best.value) >= 1.3 * Double(runnerUp) else { return nil }
        return (best.key, share)
    }
}
