import Foundation

/// Splits a photo caption into its text and its credit: "Delegates at the session. (Foto: Jackie Chan)"
/// gives caption "Delegates at the session." and credit "Jackie Chan".
public enum CaptionParser {
    /// Words that introduce a photo credit, in the languages we see most.
    private static let creditWords =
        "foto|fotos|photo|photos|ảnh|credit|credits|bild|фото|image|imagen|imagem|immagine|摄影|攝影|撮影|图片|圖片|图|圖|写真|사진|صورة|تصوير|kaynak|fotoğraf|zdjęcie|kuva|billede|källa|quelle|source|nguồn|sumber|photograph|picture"

    private static let parenthesized = try! NSRegularExpression(
        pattern: #"^(.*?)[\s,;:|–—-]*[(\[（]\s*(?:\#(creditWords))\s*(?:by)?\s*[:：/]?\s*([^()\[\]（）]{1,120})[)\]）]\s*$"#,
        options: [.caseInsensitive])
    private static let trailing = try! NSRegularExpression(
        pattern: #"^(.*?[.!?。]?)[\s|–—-]*\b(?:\#(creditWords))(?:\s+by)?\s*[:：/]\s*([^:：]{1,120})$"#,
        options: [.caseInsensitive])
    private static let copyright = try! NSRegularExpression(
        pattern: #"^(.*?)[\s|–—-]*(?:©|\(c\)|copyright)\s*([^©]{1,120})$"#, options: [.caseInsensitive])
    private static let photoBy = try! NSRegularExpression(
        pattern: #"^(.*?)[\s.|–—-]*\b(?:photo(?:graph)?s?|picture|image) by\s+(.{1,120})$"#, options: [.caseInsensitive])

    public static func split(_ text: String) -> (caption: String, credit: String?) {
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
