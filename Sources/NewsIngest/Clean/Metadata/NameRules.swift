import Foundation

/// How a byline reads: its opener ("By", "Von:", "Texto:"), how it joins names ("A and B",
/// "A, B & C"), and what is not a name in it (a lone "By", a degree, a job title after the
/// name). The words come from the lexicon.
struct NameRules: Sendable {
    /// Words that open a byline, a colon optional: "By", "Von", "Par", "Oleh".
    private let openers: [String]
    /// Labels that open a byline only with their colon: "Text:", "Autor:", "Tác giả:", "Автор:".
    private let labels: [String]
    /// A preposition or a degree left alone ("By" in its own element, "Brenda Goodman, MA").
    private let notNames: Set<String>
    /// Lowercase words a name may hold: "Ana de la Cruz", "Ludwig van Beethoven".
    private let particles: Set<String>
    /// Job titles written after the name in Korean, Japanese and Chinese bylines: "신현주 기자"
    /// (reporter), "松岡大地記者", "특파원" (correspondent). Longest first: a title that ends
    /// with another comes before it ("特派记者" before "记者").
    private let roleSuffixes: [String]
    /// The words that join two names, spaced: " and ", " und ", " và ".
    private let conjunctions: [String]

    init(lexicon: Lexicon) {
        openers = lexicon.phrases(.bylineOpeners)
        labels = lexicon.phrases(.bylineLabels)
        notNames = Set(lexicon.phrases(.bylineOpeners).filter { !$0.contains(" ") } + lexicon.phrases(.nameDegrees))
        particles = Set(lexicon.phrases(.nameParticles))
        roleSuffixes = lexicon.longestFirst(.bylineRoleSuffixes)
        conjunctions = lexicon.phrases(.nameConjunctions).map { " \($0) " }
    }

    /// The length of the opener ("By ", "Von: ", "Texto: ") a byline starts with, or nil. Two
    /// openers can both match only when one is the other plus more letters, and then the
    /// space or colon that must follow tells them apart: the order of the lists does not matter.
    func bylineOpenerLength(_ text: String) -> Int? {
        let lower = text.lowercased()
        for (openers, needsColon) in [(openers, false), (labels, true)] {
            for opener in openers where lower.hasPrefix(opener) {
                var rest = lower.dropFirst(opener.count)
                var length = opener.count
                if rest.first == ":" {
                    rest = rest.dropFirst()
                    length += 1
                } else if needsColon {
                    continue
                }
                if rest.first == " " { return length + 1 }
            }
        }
        return nil
    }

    /// Whether a line is a byline's opener or label and nothing else ("By", "Written by",
    /// "Author", "Autor:"): the names then stand on the next line.
    func isBareOpener(_ text: String) -> Bool {
        var lower = Whitespace.trim(text).lowercased()
        if lower.hasSuffix(":") { lower.removeLast() }
        return openers.contains(lower) || labels.contains(lower)
    }

    /// What follows an opener that comes after a date on one line ("September 1st, 2023 By
    /// Emily Norwood", "Published August 7, 2023 by Nicole Burke"), with the part before it;
    /// nil when no opener stands alone as a word in the line.
    func openerAfterStart(_ text: String) -> (before: String, names: String)? {
        let lower = text.lowercased()
        for opener in openers {
            guard let range = lower.range(of: " \(opener) ") else { continue }
            let before = String(text[..<range.lowerBound])
            let names = String(text[range.upperBound...])
            return (before, names)
        }
        return nil
    }

    /// Every word of two letters or more starts with a capital, particles aside ("Ana de la Cruz",
    /// "Ludwig van Beethoven"); scripts without case pass.
    func readsAsName(_ name: String) -> Bool {
        let words = name.split(separator: " ")
        guard !words.isEmpty, words.count <= 5 else { return false }
        return words.allSatisfy { word in
            guard let first = word.first, word.count >= 2, first.isLetter else { return true }
            return first.isUppercase || !first.isLowercase || particles.contains(word.lowercased())
        }
    }

    /// Splits a byline into names: "By A and B", "A, B & C".
    func splitNames(_ raw: String) -> [String] {
        var text = Whitespace.collapse(raw)
        if let opener = bylineOpenerLength(text) { text = String(text.dropFirst(opener)) }
        for conjunction in conjunctions { text = text.replacingOccurrences(of: conjunction, with: ",") }
        let parts = text.replacingOccurrences(of: " & ", with: ",")
            .split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "|" || $0 == "/" || $0 == "、" })
        return parts.map { withoutRoleSuffix(Self.withoutInitialsTag(Whitespace.trim(String($0)))) }
            .filter {
                !$0.isEmpty && $0.count <= 80 && !$0.contains("@") && !$0.hasPrefix("http")
                    && $0.rangeOfCharacter(from: .letters) != nil
            }
            // Seven words or more is a description ("professor at the faculty of …"), not a name.
            .filter { $0.split(separator: " ").count < 7 }
            .filter { !notNames.contains($0.lowercased()) }
            // A part with digits is a date or time that shared the byline ("Apr 16, 2015 8:02 pm").
            .filter { $0.rangeOfCharacter(from: .decimalDigits) == nil }
    }

    func withoutRoleSuffix(_ name: String) -> String {
        for suffix in roleSuffixes where name.hasSuffix(suffix) && name.count > suffix.count + 1 {
            return Whitespace.trim(String(name.dropLast(suffix.count)))
        }
        return name
    }

    /// "Elena Oberholzer (obe)" or "Corina Gall (cog.)" → the name: a short lowercase tag of initials.
    static func withoutInitialsTag(_ name: String) -> String {
        guard name.hasSuffix(")"), let open = name.lastIndex(of: "(") else { return name }
        let tag = name[name.index(after: open)..<name.index(before: name.endIndex)]
        let letters = tag.hasSuffix(".") ? tag.dropLast() : tag[...]
        guard !letters.isEmpty, letters.count <= 4, letters.allSatisfy({ $0.isLowercase }) else { return name }
        return Whitespace.trim(String(name[..<open]))
    }

    /// Whether a line is only people's names: one to three names of two to four capitalised
    /// words (joined by "/", ",", "&", "and"…), no digits, no sentence punctuation.
    func isSignature(_ text: String) -> Bool {
        guard text.count <= 80, !text.contains(where: { $0.isNumber || ".!?:;\"“”«»()".contains($0) }) else {
            return false
        }
        let names = splitNames(text)
        guard (1...3).contains(names.count),
            names.joined().count * 10 >= text.filter({ !$0.isWhitespace }).count * 8
        else { return false }
        return names.allSatisfy { name in
            let words = name.split(separator: " ")
            return (2...4).contains(words.count) && words.allSatisfy { $0.first?.isUppercase == true }
        }
    }
}
