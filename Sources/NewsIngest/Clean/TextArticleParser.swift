import Foundation

/// Reads articles that a naive scraper already turned into text: one paragraph per line, or per
/// blank-line-separated block when blank lines separate the text (then a block's lines are
/// joined), Markdown image placeholders (`![alt](src)`), `| caption |` table
/// rows under them, a trailing "Source: URL" line and comment-counter widgets.
///
/// Its output is a ``CleanedArticle``, so text input goes through the same deduplicator and
/// normalizer as HTML.
public struct TextArticleParser: Sendable {
    private let lineRules: LineRules
    private let captions: CaptionParser
    /// "Sumber: kompas.com", "Quelle: dpa": where the text comes from, at its end.
    private let sourcePattern: NSRegularExpression

    public init(lexicon: Lexicon = .bundled) {
        lineRules = LineRules(lexicon: lexicon)
        captions = CaptionParser(lexicon: lexicon)
        // Literal phrases from the lexicon: the pattern cannot fail to compile.
        sourcePattern = try! NSRegularExpression(
            pattern: #"^(?:"# + lexicon.alternation(.sourceLabels) + #")\s*[:：]\s*(\S+)\s*$"#,
            options: [.caseInsensitive])
    }

    private static let imagePattern = try! NSRegularExpression(
        pattern: #"^!\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)\s*\|?\s*$"#)
    private static let captionRowPattern = try! NSRegularExpression(pattern: #"^\|(.*)\|\s*$"#)

    /// Whether blank lines separate paragraphs: some blank line has plain text right above and
    /// right below it. Otherwise (the seed's form) every line is a paragraph of its own.
    func usesBlankLineBlocks(_ lines: [String]) -> Bool {
        func isPlain(_ line: String) -> Bool {
            !line.isEmpty && !line.hasPrefix("![") && !line.hasPrefix("|") && !lineRules.isWidgetLine(line)
        }
        var lastNonBlank: String?
        var sawBlank = false
        for line in lines {
            if line.isEmpty {
                sawBlank = lastNonBlank != nil
                continue
            }
            if sawBlank, let previous = lastNonBlank, isPlain(previous), isPlain(line) { return true }
            sawBlank = false
            lastNonBlank = line
        }
        return false
    }

    /// Parses the text. The first line becomes the title only when `titleFromFirstLine` is set.
    public func parse(_ text: String, url: String? = nil, titleFromFirstLine: Bool = false) -> CleanedArticle {
        var article = CleanedArticle()
        article.url = url
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let blockMode = usesBlankLineBlocks(lines)
        var paragraphs: [Paragraph] = []
        /// An image placeholder waiting for its caption row.
        var pendingImage: ArticleImage?
        var current: [String] = []

        func flushParagraph() {
            let joined = Whitespace.collapse(current.joined(separator: " "))
            current = []
            guard !joined.isEmpty else { return }
            paragraphs.append(Paragraph(joined))
        }
        func flushImage() {
            if let image = pendingImage, image.src?.isEmpty == false || image.caption != nil {
                article.images.append(image)
            }
            pendingImage = nil
        }

        for line in lines {
            if PageBudget.exceeded { break }  // the caller fails the page (max_page_seconds)
            let range = NSRange(line.startIndex..., in: line)
            if line.isEmpty {
                flushParagraph()
                continue
            }
            if let match = Self.imagePattern.firstMatch(in: line, range: range) {
                flushParagraph()
                flushImage()
                let alt = Range(match.range(at: 1), in: line).map { String(line[$0]) } ?? ""
                let src = Range(match.range(at: 2), in: line).map { String(line[$0]) } ?? ""
                pendingImage = ArticleImage(src: src.isEmpty ? nil : src, alt: alt.isEmpty ? nil : alt)
                continue
            }
            if let match = Self.captionRowPattern.firstMatch(in: line, range: range) {
                flushParagraph()
                let cell = Range(match.range(at: 1), in: line).map { String(line[$0]) } ?? ""
                let (caption, credit) = captions.split(cell.trimmingCharacters(in: CharacterSet(charactersIn: " |")))
                guard !caption.isEmpty || credit != nil else { continue }  // an empty row of a layout table
                if pendingImage == nil { pendingImage = ArticleImage() }
                if pendingImage?.caption == nil {
                    pendingImage?.caption = caption.isEmpty ? nil : caption
                    pendingImage?.credit = credit
                } else {
                    pendingImage?.caption! += " " + caption
                }
                flushImage()
                continue
            }
            if let match = sourcePattern.firstMatch(in: line, range: range),
                let urlRange = Range(match.range(at: 1), in: line)
            {
                let candidate = String(line[urlRange])
                if candidate.lowercased().hasPrefix("http") {
                    flushParagraph()
                    flushImage()
                    article.sourceURL = candidate
                    continue
                }
            }
            if lineRules.isWidgetLine(line) {
                flushParagraph()
                continue
            }
            flushImage()
            current.append(line)
            if !blockMode { flushParagraph() }
        }
        flushParagraph()
        flushImage()
        if titleFromFirstLine, let first = paragraphs.first, first.text.count <= 200 {
            article.title = first.text
            paragraphs.removeFirst()
        }
        article.paragraphs = paragraphs
        if paragraphs.isEmpty { article.noContentReason = .noContent }
        return article
    }
}
