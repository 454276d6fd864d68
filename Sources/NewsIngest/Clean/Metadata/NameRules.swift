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
    /// Words of job titles printed beside a name: "Associate Editor", "Staff Writer".
    private let roleWords: Set<String>
    /// Credits for people who did not write the article: "Reviewed by", "Updated by".
    private let otherCredits: [String]
    /// The same phrases as UTF-8, for ``UTF8Search``'s quick test before Foundation's search.
    private let spacedOpeners: [[UInt8]]
    private let otherCreditBytes: [[UInt8]]
    private let conjunctionBytes: [[UInt8]]

    init(lexicon: Lexicon) {
        openers = lexicon.phrases(.bylineOpeners)
        labels = lexicon.phrases(.bylineLabels)
        notNames = Set(lexicon.phrases(.bylineOpeners).filter { !$0.contains(" ") } + lexicon.phrases(.nameDegrees))
        particles = Set(lexicon.phrases(.nameParticles))
        roleSuffixes = lexicon.longestFirst(.bylineRoleSuffixes)
        conjunctions = lexicon.phrases(.nameConjunctions).map { " \($0) " }
        roleWords = Set(lexicon.phrases(.bylineRoleWords))
        otherCredits = lexicon.phrases(.bylineOtherCredits)
        spacedOpeners = openers.map { Array(" \($0) ".utf8) }
        otherCreditBytes = otherCredits.map { Array($0.utf8) }
        conjunctionBytes = conjunctions.map { Array($0.utf8) }
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
        for (opener, spaced) in zip(openers, spacedOpeners) {
            guard UTF8Search.contains(spaced, in: lower), let range = lower.range(of: " \(opener) ") else { continue }
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
        // An entity the page escaped twice ("Maria &amp;amp; Katerina") shows as "&amp;".
        var text = Whitespace.collapse(raw)
        if UTF8Search.contains("&amp;", in: text) { text = text.replacingOccurrences(of: "&amp;", with: "&") }
        // Names after a credit for someone else ("Updated by Jon Linkov") are not the authors.
        text = withoutOtherCredits(text)
        if let opener = bylineOpenerLength(text) { text = String(text.dropFirst(opener)) }
        // An opener after a short label: "Author Posted by Soliant", "View all posts by Ray Ansari".
        if let (before, after) = openerAfterStart(text), before.split(separator: " ").count <= 3,
            before.allSatisfy({ $0.isLetter || $0 == " " }), !readsAsFullName(before)
        {
            text = after
        }
        for (conjunction, bytes) in zip(conjunctions, conjunctionBytes) where UTF8Search.contains(bytes, in: text) {
            text = text.replacingOccurrences(of: conjunction, with: ",")
        }
        if UTF8Search.contains(" & ", in: text) { text = text.replacingOccurrences(of: " & ", with: ",") }
        let parts =
            text
            .split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "|" || $0 == "/" || $0 == "、" })
        let names: [String] = parts.map { part in
            withoutTitle(withoutRoleSuffix(Self.withoutInitialsTag(Self.unquoted(String(part)))))
        }
        .filter { (name: String) in
            !name.isEmpty && name.count <= 80 && !name.contains("@") && !name.hasPrefix("http")
                && name.rangeOfCharacter(from: .letters) != nil
                // Seven words or more is a description ("professor at the faculty of …"), not a name.
                && name.split(separator: " ").count < 7
                && !notNames.contains(name.lowercased()) && !isBareOpener(name)
                // A part with digits is a date or time that shared the byline ("Apr 16, 2015 8:02 pm").
                && name.rangeOfCharacter(from: .decimalDigits) == nil
        }
        // A title beside a name ("Matteo Laratta, Author") is no second author; a title alone
        // ("Staff") is all the byline says, so it stays.
        let people = names.filter { !isTitleOnly($0) }
        return people.isEmpty ? names : people
    }

    /// The names a byline credits with something other than writing: "Updated by Jon Linkov"
    /// → ["Jon Linkov"]. A byline group drops them where another element names them alone.
    func creditedOthers(_ raw: String) -> [String] {
        let text = Whitespace.collapse(raw)
        let kept = withoutOtherCredits(text)
        guard kept.count < text.count else { return [] }
        var rest = String(text.dropFirst(kept.count))
        let lower = rest.lowercased()
        if let credit = otherCredits.filter({ lower.hasPrefix($0) }).max(by: { $0.count < $1.count }) {
            rest = String(rest.dropFirst(credit.count))
        }
        return splitNames(rest)
    }

    /// Whether a part of a byline is a job title and nothing else: "Associate Editor", "Author".
    func isTitleOnly(_ name: String) -> Bool {
        name.split(separator: " ").allSatisfy { roleWords.contains($0.lowercased()) }
    }

    /// The text before the first credit for someone else ("Benjamin Preston Updated by Jon
    /// Linkov" → "Benjamin Preston").
    private func withoutOtherCredits(_ text: String) -> String {
        let lower = text.lowercased()
        var cut = text.endIndex
        for (credit, bytes) in zip(otherCredits, otherCreditBytes) {
            guard UTF8Search.contains(bytes, in: lower), let range = lower.range(of: credit) else { continue }
            let startsWord =
                range.lowerBound == lower.startIndex || !lower[lower.index(before: range.lowerBound)].isLetter
            // Lowercasing can change a text's length: the offset is clamped, never trusted.
            let offset = lower.distance(from: lower.startIndex, to: range.lowerBound)
            let index = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) ?? text.endIndex
            if startsWord, index < cut { cut = index }
        }
        return String(text[..<cut])
    }

    /// A name with the job title after it cut off ("Rachel MacDonald Writer"); a name keeps two
    /// words at least.
    private func withoutTitle(_ name: String) -> String {
        var words = name.split(separator: " ")
        // A title ends with a role word ("… Deputy Tech Editor") and starts at its first role
        // word after the name's two words at least ("Will Judd Former Deputy Tech Editor"); a
        // role word among the first two ("Guardian staff reporter") makes the whole an account.
        if words.count > 2, let last = words.last, roleWords.contains(last.lowercased()),
            let start = words.firstIndex(where: { roleWords.contains($0.lowercased()) }), start >= 2
        {
            words = Array(words[..<start])
        }
        return words.joined(separator: " ")
    }

    /// Letters, spaces and the marks names carry (". - ' ’") only: no "Name *", no digits.
    func isPlainName(_ name: String) -> Bool {
        name.allSatisfy { $0.isLetter || " .-'’".contains($0) }
    }

    /// Two words or more, each capitalised, that read as a name: "Jane Doe" but not "Posted".
    func readsAsFullName(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        return words.count >= 2 && words.allSatisfy { $0.first?.isUppercase == true } && readsAsName(text)
    }

    /// A name without the quotes a theme printed around it: "\"David Kim\"" → "David Kim".
    static func unquoted(_ name: String) -> String {
        let quotes: Set<Character> = ["\"", "“", "”", "„", "«", "»"]
        var trimmed = Whitespace.trim(name)[...]
        while let first = trimmed.first, quotes.contains(first) { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, quotes.contains(last) { trimmed = trimmed.dropLast() }
        return Whitespace.trim(String(trimmed))
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
