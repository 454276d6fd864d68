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
        let marks = Marks(trimmed)
        // Each expression only where the caption holds what it cannot match without (ICU's
        // regular expressions cost a fifth of a millisecond on a long caption; most hold none).
        let expressions = [
            marks.closingBracket ? parenthesized : nil, marks.by ? photoBy : nil, marks.colonOrSlash ? trailing : nil,
            marks.copyright ? copyright : nil,
        ]
        for case let expression? in expressions {
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

    /// What the expressions need to find in a caption, from one pass over its bytes.
    private struct Marks {
        /// Ends with ")", "]" or "）" (after spaces): `parenthesized`.
        var closingBracket = false
        /// " by" in any case: `photoBy`.
        var by = false
        /// ":", "：" or "/": `trailing`.
        var colonOrSlash = false
        /// "©", "(c)" or "copyright" in any case: `copyright`.
        var copyright = false

        init(_ text: String) {
            let bytes = Array(text.utf8)
            var end = bytes.count
            while end > 0, bytes[end - 1] == 0x20 || (0x09...0x0D).contains(bytes[end - 1]) { end -= 1 }
            if end > 0 {
                let last = bytes[end - 1]
                // "）" is EF BC 89 in UTF-8.
                closingBracket =
                    last == UInt8(ascii: ")") || last == UInt8(ascii: "]")
                    || (end >= 3 && bytes[end - 3] == 0xEF && bytes[end - 2] == 0xBC && last == 0x89)
            }
            @inline(__always) func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
            let word = Array("copyright".utf8)
            for i in bytes.indices {
                let byte = bytes[i]
                switch byte {
                case UInt8(ascii: ":"), UInt8(ascii: "/"): colonOrSlash = true
                case 0xEF where i + 2 < bytes.count && bytes[i + 1] == 0xBC && bytes[i + 2] == 0x9A: colonOrSlash = true
                case 0xC2 where i + 1 < bytes.count && bytes[i + 1] == 0xA9: copyright = true  // ©
                case UInt8(ascii: " ")
                where i + 2 < bytes.count && lower(bytes[i + 1]) == UInt8(ascii: "b")
                    && lower(bytes[i + 2]) == UInt8(ascii: "y"):
                    by = true
                case UInt8(ascii: "(")
                where i + 2 < bytes.count && lower(bytes[i + 1]) == UInt8(ascii: "c")
                    && bytes[i + 2] == UInt8(ascii: ")"):
                    copyright = true
                case UInt8(ascii: "c"), UInt8(ascii: "C"):
                    if i + word.count <= bytes.count, (0..<word.count).allSatisfy({ lower(bytes[i + $0]) == word[$0] })
                    {
                        copyright = true
                    }
                default: break
                }
            }
        }
    }
}
