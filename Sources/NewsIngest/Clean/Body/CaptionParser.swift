import Foundation

/// Splits a photo caption into its text and its credit: "Delegates at the session. (Foto: Jackie Chan)"
/// gives caption "Delegates at the session." and credit "Jackie Chan".
public struct CaptionParser: Sendable {
    private let parenthesized: NSRegularExpression
    private let trailing: NSRegularExpression
    private let copyright: NSRegularExpression
    private let photoBy: NSRegularExpression

    public init(lexicon: Lexicon) {
        // Words that introduce a photo credit: the credit labels, and the source labels that
        // stand under pictures too ("Quelle: dpa", "Källa: TT").
        let creditWords = lexicon.alternation(.creditLabels, .sourceLabels)
        // Literal phrases from the lexicon: the patterns cannot fail to compile.
        parenthesized = try! NSRegularExpression(
            pattern:
                #"^(.*?)[\s,;:|–—-]*[(\[（]\s*(?:\#(creditWords))\s*(?:by)?\s*[:：/]?\s*([^()\[\]（）]{1,120})[)\]）]\s*$"#,
            options: [.caseInsensitive])
        trailing = try! NSRegularExpression(
            pattern: #"^(.*?[.!?。]?)[\s|–—-]*\b(?:\#(creditWords))(?:\s+by)?\s*[:：/]\s*([^:：]{1,120})$"#,
            options: [.caseInsensitive])
        copyright = try! NSRegularExpression(
            pattern: #"^(.*?)[\s|–—-]*(?:©|\(c\)|copyright)\s*([^©]{1,120})$"#, options: [.caseInsensitive])
        photoBy = try! NSRegularExpression(
            pattern: #"^(.*?)[\s.|–—-]*\b(?:photo(?:graph)?s?|picture|image) by\s+(.{1,120})$"#,
            options: [.caseInsensitive])
    }

    public func split(_ text: String) -> (caption: String, credit: String?) {
        let trimmed = Whitespace.collapse(text)
        let range = NSRange(trimmed.startIndex..., in: trimmed)
        for expression in [parenthesized, photoBy, trailing, copyright] {
            guard let match = expression.firstMatch(in: trimmed, range: range),
                let captionRange = Range(match.range(at: 1), in: trimmed),
                let creditRange = Range(match.range(at: 2), in: trimmed)
            else { continue }
            let credit = trimmed[creditRange].trimmingCharacters(in: CharacterSet(charactersIn: " .,;|–—-"))
            guard !credit.isEmpty else { continue }
            let caption = trimmed[captionRange].trimmingCharacters(in: CharacterSet(charactersIn: " |–—-"))
            return (caption, credit)
        }
        return (trimmed, nil)
    }
}
