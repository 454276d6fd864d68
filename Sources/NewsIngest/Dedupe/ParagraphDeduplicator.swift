import Foundation

/// Removes paragraphs that repeat an earlier paragraph of the same article.
///
/// Two paragraphs are the same when they are equal after Unicode NFC, whitespace collapsing and
/// case folding. The first occurrence is kept, order is kept, and the article records how many
/// were removed. The memory it uses is scoped to one article: results never depend on what
/// else was processed before (unlike a process-wide cache).
public struct ParagraphDeduplicator: Sendable {
    public init() {}

    public func deduplicate(_ article: CleanedArticle) -> CleanedArticle {
        var seen = Set<String>()
        var kept: [Paragraph] = []
        kept.reserveCapacity(article.paragraphs.count)
        var removed = 0
        for paragraph in article.paragraphs {
            let key = Self.key(paragraph.text)
            if key.isEmpty || seen.insert(key).inserted {
                kept.append(paragraph)
            } else {
                removed += 1
            }
        }
        var result = article
        result.paragraphs = kept
        result.duplicatesRemoved += removed
        return result
    }

    /// The form two paragraphs are compared in.
    static func key(_ text: String) -> String {
        Whitespace.collapse(text.precomposedStringWithCanonicalMapping).folding(options: [.caseInsensitive], locale: nil)
    }
}
