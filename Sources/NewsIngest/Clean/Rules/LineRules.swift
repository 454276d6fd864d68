import Foundation

/// What a short line is besides text: a widget's label, a teaser, the opener of a box that is
/// not the article, a dateline, a photo credit. The words come from the lexicon; the shapes
/// (where a counter may follow, what a dateline is made of) are here with their reasons.
struct LineRules: Sendable {
    /// What a line is besides text: a widget or teaser label, or the opener of a box that is not
    /// the article.
    enum LineKind {
        case text, widget
        /// A short line that opens a box that is not the article: a paywall prompt, a reader
        /// appeal, a consent placeholder for an embed, or an author box's heading. What follows
        /// it in the same small box goes too (the prompt's list of subscriber benefits, the
        /// author's department).
        case boxOpener
    }

    /// A whole line that is a widget label, with an optional counter: "Komentar (0)", "Share".
    private let widgetExpression: NSRegularExpression
    /// A short line that points to another article: "Baca juga: …", "Xem thêm: …".
    private let teaserExpression: NSRegularExpression
    /// A paywall prompt, a reader appeal, an embed's consent placeholder or an author box's
    /// heading, anywhere in a short line: "この記事は会員限定です", "Subscribe to continue
    /// reading", "Tu suscripción se está usando en otro dispositivo", "About the author".
    private let boxOpeners: PhraseSet
    /// Digits and date punctuation, then a clock word or zone name, then digits again.
    private let datelineExpression: NSRegularExpression
    /// "Foto: …", "Photo: …", "Quelle: …", "Source: …": a credit or source label with its colon,
    /// then anything (a chart's or a picture's credit line).
    private let creditLineExpression: NSRegularExpression
    /// A whole short line naming only a picture agency or a copyright holder ("(c)" is left
    /// out: it also numbers the third item of a list).
    private let agencyLineExpression: NSRegularExpression

    /// Most letters (neither spaces nor digits) a widget line can hold: its longest label's,
    /// and an opening and a closing bracket. A longer line cannot match `widgetExpression`.
    private let widgetLetterLimit: Int
    /// The first characters of the teaser openers: a line starting otherwise (after spaces)
    /// cannot match `teaserExpression`. Nil when an opener starts with a space.
    private let teaserInitials: Set<Unicode.Scalar>?
    /// The same for `widgetExpression`'s labels.
    private let widgetInitials: Set<Unicode.Scalar>?
    /// The same for `agencyLineExpression`: "©" and the agencies' names, lowercased.
    private let agencyInitials: Set<Unicode.Scalar>?
    /// The same for `creditLineExpression`'s labels.
    private let creditInitials: Set<Unicode.Scalar>?

    /// Characters `\s` and `\d` of an expression do not match, counted as `widgetLetterLimit`
    /// counts them (ICU's `\s` and `\d` match only characters Swift calls whitespace and decimal),
    /// up to `limit` + 1: a line is long the moment it has more.
    private static func letters(_ text: String, limit: Int = .max) -> Int {
        var count = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let counted =
                value < 0x80
                ? !(value == 0x20 || (0x09...0x0D).contains(value) || (0x30...0x39).contains(value))
                : !(scalar.properties.isWhitespace || scalar.properties.numericType == .decimal)
            if counted {
                count += 1
                if count > limit { return count }
            }
        }
        return count
    }

    init(lexicon: Lexicon) {
        widgetLetterLimit = (lexicon.phrases(.widgetLabels).map { Self.letters($0) }.max() ?? 0) + 2
        teaserInitials = Self.initials(lexicon.phrases(.teaserOpeners))
        widgetInitials = Self.initials(lexicon.phrases(.widgetLabels))
        agencyInitials = Self.initials(["©"] + lexicon.phrases(.creditAgencies))
        creditInitials = Self.initials(lexicon.phrases(.creditLabels) + lexicon.phrases(.sourceLabels))
        // Literal phrases from the lexicon: the patterns cannot fail to compile.
        func expression(_ pattern: String, _ options: NSRegularExpression.Options = []) -> NSRegularExpression {
            try! NSRegularExpression(pattern: pattern, options: options)
        }
        widgetExpression = expression(
            #"^\s*("# + lexicon.alternation(.widgetLabels) + #")\s*[:(\[]?\s*\d*\s*[)\]]?\s*$"#)
        teaserExpression = expression(#"^\s*("# + lexicon.alternation(.teaserOpeners) + #")\b"#)
        boxOpeners = PhraseSet(
            lexicon.phrases(.embedPlaceholders) + lexicon.phrases(.authorBoxHeadings)
                + lexicon.phrases(.paywallPrompts))
        let words = [Lexicon.Concern.clockWords, .meridiemAM, .meridiemPM].flatMap(lexicon.phrases)
        let clock = (words + DateParser.zoneNames).sorted { ($0.count, $1) > ($1.count, $0) }
            .map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
        datelineExpression = expression(
            #"^[\d\s.:/,\-–—|·]+(?:"# + clock + #")?[\d\s.:+\-]*$"#, [.caseInsensitive])
        // The same words as under captions: credit labels, and source labels ("Quelle: dpa").
        creditLineExpression = expression(
            #"^\s*(?:"# + lexicon.alternation(.creditLabels, .sourceLabels) + #")\s*[:：]\s*\S"#, [.caseInsensitive])
        agencyLineExpression = expression(
            #"^\s*(?:©.*|(?:"# + lexicon.alternation(.creditAgencies) + #")(?:\s*(?:/|via)\s*.*)?)\s*$"#,
            [.caseInsensitive])
    }

    /// Labels of widgets and teasers that appear as a line of their own: "Komentar (0)",
    /// "Baca juga: …", "Xem thêm", "Read more", "Share this article". Matched only on short lines.
    func isWidgetLine(_ text: String) -> Bool { lineKind(text) != .text }

    /// One lowercasing, the expressions in turn.
    func lineKind(_ text: String) -> LineKind {
        // "Follow us: Facebook https://fb.me/x Twitter https://twitter.com/x": raw addresses
        // are links to profiles, not prose.
        if BoilerplateRules.rawURLCount(text, atMost: 2) >= 2, text.utf8.count <= 1200 { return .widget }
        // `count` walks grapheme clusters; the byte count settles most lines (no character is
        // less than a byte).
        guard text.utf8.count <= 160 * 4, text.utf8.count <= 160 || text.count <= 160 else { return .text }
        let lower = text.lowercased()
        let range = NSRange(lower.startIndex..., in: lower)
        if boxOpeners.occurs(in: lower) { return .boxOpener }
        // The expressions only where they can match (the checks are necessary conditions: the
        // same lines are widgets, at a fraction of ICU's cost).
        if Self.letters(lower, limit: widgetLetterLimit) <= widgetLetterLimit, Self.mayStart(lower, widgetInitials),
            widgetExpression.firstMatch(in: lower, range: range) != nil
        {
            return .widget
        }
        if text.utf8.count <= 80 || text.count <= 80, mayOpenTeaser(lower),
            teaserExpression.firstMatch(in: lower, range: range) != nil
        {
            return .widget
        }
        return .text
    }

    /// The first characters of `phrases`, lowercased: a line that starts (after spaces) with
    /// none of them holds none of the phrases at its start. Nil when a phrase starts with a
    /// space or its first character lowercases to several.
    private static func initials(_ phrases: [String]) -> Set<Unicode.Scalar>? {
        var initials = Set<Unicode.Scalar>()
        for phrase in phrases {
            let lower = phrase.lowercased().unicodeScalars
            guard let first = lower.first, !first.properties.isWhitespace else { return nil }
            initials.insert(first)
        }
        return initials
    }

    /// Whether a line's first character after spaces, lowercased, is one of `initials`.
    private static func mayStart(_ text: String, _ initials: Set<Unicode.Scalar>?) -> Bool {
        guard let initials else { return true }
        guard let first = text.unicodeScalars.first(where: { !$0.properties.isWhitespace }) else { return false }
        if first.isASCII {
            let value = first.value
            return initials.contains(Unicode.Scalar(UInt8(value >= 0x41 && value <= 0x5A ? value + 0x20 : value)))
        }
        return String(first).lowercased().unicodeScalars.first.map(initials.contains) ?? false
    }

    /// Whether the line's first character after spaces starts a teaser opener.
    private func mayOpenTeaser(_ lower: String) -> Bool { Self.mayStart(lower, teaserInitials) }

    /// A line that is only a date and time ("28.4.2023 18:41 Uhr", "23. 12. 2024 13:31"): a
    /// dateline belongs in `published_at`, not in the body.
    func isDatelineOnly(_ text: String) -> Bool {
        guard text.utf8.count <= 48, text.utf8.filter({ $0 >= 0x30 && $0 <= 0x39 }).count >= 4,
            text.utf8.contains(where: { Self.datePunctuation.contains($0) })
        else { return false }
        return datelineExpression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private static let datePunctuation: [UInt8] = [
        UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"),
        UInt8(ascii: "-"),
    ]

    /// "：" (U+FF1A) as UTF-8.
    private static let fullWidthColon: [UInt8] = Array("：".utf8)

    /// A line that is only a photo credit ("Foto: Michal Turek, Seznam Zprávy", "Getty Images",
    /// "© The Financial Times Ltd. 2024").
    func isCreditLine(_ text: String) -> Bool {
        guard text.utf8.count <= 120 else { return false }
        let range = NSRange(text.startIndex..., in: text)
        // A credit line's label ends with a colon; only then can `creditLineExpression` match.
        // Bytes, not `String.contains`: Foundation's search costs ~20,000 instructions a line.
        let colon = text.utf8.contains(UInt8(ascii: ":")) || UTF8Search.contains(Self.fullWidthColon, in: text)
        return
            (colon && Self.mayStart(text, creditInitials)
            && creditLineExpression.firstMatch(in: text, range: range) != nil)
            || (text.utf8.count <= 60 && Self.mayStart(text, agencyInitials)
                && agencyLineExpression.firstMatch(in: text, range: range) != nil)
    }
}
