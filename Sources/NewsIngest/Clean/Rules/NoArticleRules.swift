/// Pages that parse and hold prose but no article: a consent wall standing in front of the site,
/// a "page not found" served with status 200. Their text would pass for a short article, so
/// they are told by what it says, in the languages we read, and only when the text is short
/// (an article about cookie law or a missing person is long and says other things too).
struct NoArticleRules: Sendable {
    /// A title or heading that says the page is missing.
    private let errorPhrases: PhraseSet
    /// What consent dialogs say, first person and buttons: not words an article about cookies
    /// uses paragraph after paragraph.
    private let consentPhrases: PhraseSet

    init(lexicon: Lexicon) {
        errorPhrases = PhraseSet(lexicon.phrases(.errorPagePhrases))
        consentPhrases = PhraseSet(lexicon.phrases(.consentPhrases))
    }

    /// The page's title or headline says the page is missing, and under 140 words or so follow.
    func isErrorPage(title: String?, headings: [String], bodyWeight: Int) -> Bool {
        guard bodyWeight < 800 else { return false }
        for line in [title].compactMap({ $0 }) + headings {
            let lower = Whitespace.collapse(line).lowercased()
            if lower == "404" || lower.hasPrefix("404 ") || lower.hasPrefix("404:") || lower.hasSuffix(" 404") {
                return true
            }
            if errorPhrases.occurs(in: lower) { return true }
        }
        return false
    }

    /// Most of a short text (half its weight or more, over at least two paragraphs unless there
    /// is only one) asks for consent to cookies and tracking. The look stops as soon as more
    /// than half the text has said something else.
    func isConsentWall(paragraphs: [Paragraph], bodyWeight: Int) -> Bool {
        guard bodyWeight < 2500, !paragraphs.isEmpty else { return false }
        var consentWeight = 0
        var otherWeight = 0
        var consentParagraphs = 0
        for paragraph in paragraphs {
            let weight = TextWeight.of(paragraph.text).weight
            if consentPhrases.occurs(in: paragraph.text.lowercased()) {
                consentWeight += weight
                consentParagraphs += 1
            } else {
                otherWeight += weight
                if otherWeight * 2 > bodyWeight { return false }
            }
        }
        return consentWeight * 2 >= bodyWeight && consentParagraphs >= min(2, paragraphs.count)
    }
}
