/// The cleaner's language rules, built once from a ``Lexicon`` and shared by every page a
/// cleaner reads: lines that are not the article, captions and credits, bylines, pages that
/// hold no article, printed dates, update and publication labels.
struct CleanRules: Sendable {
    let lines: LineRules
    let captions: CaptionParser
    let names: NameRules
    let noArticle: NoArticleRules
    let dates: VisibleDateParser
    /// Words that mark a printed date as the last update, not the publication; looked for in
    /// order (languages sorted, each language in the lexicon's order).
    let updateLabels: [String]
    /// `updateLabels` lowercased, as UTF-8, for a byte test before Foundation's search.
    let updateLabelBytes: [[UInt8]]
    /// Words that open a line giving the publication date ("Published On:", "Posted on").
    let publicationLabels: [String]
    /// The bytes the labels start with, either case (``firstByteTable(_:)``).
    let publicationLabelInitials: [Bool]
    let updateLabelInitials: [Bool]

    init(lexicon: Lexicon) {
        lines = LineRules(lexicon: lexicon)
        captions = CaptionParser(lexicon: lexicon)
        names = NameRules(lexicon: lexicon)
        noArticle = NoArticleRules(lexicon: lexicon)
        dates = VisibleDateParser(lexicon: lexicon)
        updateLabels = lexicon.phrases(.updateLabels)
        updateLabelBytes = updateLabels.map { Array($0.lowercased().utf8) }
        publicationLabels = lexicon.phrases(.publicationLabels)
        publicationLabelInitials = Self.firstByteTable(publicationLabels)
        updateLabelInitials = Self.firstByteTable(updateLabels)
    }

    /// A table of 256 entries, true for each byte a lowercased phrase starts with, and for an
    /// ASCII letter's upper case too: a line whose first byte is false opens with none of them.
    static func firstByteTable(_ phrases: [String]) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for first in phrases.compactMap(\.utf8.first) {
            table[Int(first)] = true
            if first >= 0x61 && first <= 0x7A { table[Int(first - 0x20)] = true }
        }
        return table
    }
}
