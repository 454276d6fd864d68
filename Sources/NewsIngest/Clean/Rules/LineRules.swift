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

    init(lexicon: Lexicon) {
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
        guard text.utf8.count <= 160 * 4, text.count <= 160 else { return .text }
        let lower = text.lowercased()
        let range = NSRange(lower.startIndex..., in: lower)
        if boxOpeners.occurs(in: lower) { return .boxOpener }
        if widgetExpression.firstMatch(in: lower, range: range) != nil { return .widget }
        if text.count <= 80, teaserExpression.firstMatch(in: lower, range: range) != nil { return .widget }
        return .text
    }

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

    /// A line that is only a photo credit ("Foto: Michal Turek, Seznam Zprávy", "Getty Images",
    /// "© The Financial Times Ltd. 2024").
    func isCreditLine(_ text: String) -> Bool {
        guard text.utf8.count <= 120 else { return false }
        let range = NSRange(text.startIndex..., in: text)
        return creditLineExpression.firstMatch(in: text, range: range) != nil
            || (text.utf8.count <= 60 && agencyLineExpression.firstMatch(in: text, range: range) != nil)
    }
}
