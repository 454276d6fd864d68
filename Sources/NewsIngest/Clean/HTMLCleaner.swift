import Foundation

/// The HTML cleaner stage: raw page bytes in, the article's body, images and metadata out.
///
/// Charset: BOM, then the HTTP header, then `<meta>`, with uchardet when nothing is declared
/// and a check that overrules declarations the bytes contradict (see ``CharsetDetector``).
/// Parsing: libxml2's HTML parser in recovery mode, so malformed markup still yields a tree.
public struct HTMLCleaner: Sendable {
    /// Input larger than this is refused rather than parsed.
    public var maxInputBytes: Int
    /// The language rules, from the lexicon handed in.
    let rules: CleanRules

    /// Larger input is refused (`too_large`) unless a caller sets its own limit (a run: the
    /// fetch limit).
    public static let defaultMaxInputBytes = 32 * 1024 * 1024

    public init(maxInputBytes: Int = defaultMaxInputBytes, lexicon: Lexicon = .bundled) {
        self.maxInputBytes = maxInputBytes
        rules = CleanRules(lexicon: lexicon)
    }

    /// Cleans one page. Throws ``CleanError`` when the page cannot be read at all; a page that
    /// parses but has no article comes back with an empty body and `noContentReason` set.
    public func clean(bytes: [UInt8], url: String?, contentType: String? = nil) throws -> CleanedArticle {
        guard !bytes.isEmpty else { throw CleanError(reason: .empty, url: url, detail: "the page is empty") }
        guard bytes.count <= maxInputBytes else {
            throw CleanError(
                reason: .tooLarge, url: url, detail: "\(bytes.count) bytes is over the \(maxInputBytes)-byte limit")
        }
        let decision = CharsetDetector.decide(bytes: bytes, contentType: contentType)
        guard let utf8 = IconvConverter.toUTF8(bytes, from: decision.charset, knownValid: decision.validUTF8) else {
            throw CleanError(reason: .charset, url: url, detail: "charset \(decision.charset) cannot be decoded")
        }
        guard !Self.looksBinary(utf8) else {
            throw CleanError(reason: .notText, url: url, detail: "the body is binary data, not HTML")
        }
        let document: XMLDocumentHandle
        do {
            document = try XMLDocumentHandle.parseHTML(utf8: utf8, url: url)
        } catch let error as ParseError {
            throw CleanError(reason: .unparseable, url: url, detail: error.description)
        }
        let model = PageModel(document: document)
        let article = assemble(model: model, url: url, charset: decision)
        if article.noContentReason != nil, model.hiddenSkipped > 0 {
            // Nothing visible: the article may sit in a container a script reveals (streamed
            // server rendering puts it in <div hidden>). Look again with hidden parts.
            let retry = assemble(model: PageModel(document: document, includeHidden: true), url: url, charset: decision)
            if retry.noContentReason == nil { return retry }
        } else if model.streamedSegmentsSkipped > 0 {
            // Something visible, but the page streams parts of itself in hidden segments that
            // its script puts in place: what was visible may be only the page's shell (a sale
            // banner over a streamed article). Read it again as its reader will see it, and keep
            // that when it holds at least twice the prose: a shell holds far less than the article.
            let retry = assemble(model: PageModel(document: document, includeHidden: true), url: url, charset: decision)
            if retry.noContentReason == nil, Self.weight(retry.paragraphs) >= 2 * Self.weight(article.paragraphs) {
                return retry
            }
        }
        if article.noContentReason != nil, let scripted = scriptedBody(utf8, url: url) {
            // Still nothing: the body may live only in the app state a script carries.
            var found = article
            found.paragraphs = scripted.paragraphs
            found.images += scripted.images
            found.noContentReason = nil
            return found
        }
        return article
    }

    /// The prose an article holds, as the cleaner weighs it everywhere (scripts without spaces
    /// count as much as spaced ones).
    private static func weight(_ paragraphs: [Paragraph]) -> Int {
        paragraphs.reduce(0) { $0 + TextWeight.of($1.text).weight }
    }

    /// The article body a page carries only in script state (see ``ScriptedBody``), cleaned by
    /// the same selection as visible markup; nil when there is none or it is no article either.
    private func scriptedBody(_ utf8: [UInt8], url: String?) -> (paragraphs: [Paragraph], images: [ArticleImage])? {
        guard let html = ScriptedBody.find(in: utf8).map(ScriptedBody.withoutPlaceholders),
            let document = try? XMLDocumentHandle.parseHTML(
                utf8: Array("<html><body><article>\(html)</article></body></html>".utf8), url: url)
        else { return nil }
        let fragment = assemble(model: PageModel(document: document), url: url, charset: nil)
        guard fragment.noContentReason == nil else { return nil }
        return (fragment.paragraphs, fragment.images)
    }

    func assemble(model: PageModel, url: String?, charset: CharsetDecision?) -> CleanedArticle {
        let metadata = MetadataExtractor(model: model, rules: rules, pageURL: url)
        let headings = model.blocks.filter { $0.kind == .heading && $0.headingLevel == 1 }.prefix(4).map(\.text)
        let subheadings = model.blocks.lazy.filter { $0.kind == .heading && (2...4).contains($0.headingLevel) }
            .prefix(8).map(\.text)
        let title = metadata.title(headings: Array(headings), subheadings: Array(subheadings))
        var selection = ContentSelector(model: model, rules: rules).select(
            title: title, description: metadata.description)
        // Pages that render their text with scripts leave little in the markup; when JSON-LD
        // states an articleBody five times larger than what the markup gave, trust it.
        // (A text's weight is at most its UTF-8 length: most pages are ruled out without parsing it.)
        let statedBytes = metadata.articleBodyByteCount
        if statedBytes >= 200 {
            let selectedWeight = Self.weight(selection.paragraphs)
            if selectedWeight * 5 < statedBytes {
                let stated = metadata.articleBody
                let statedWeight = stated.reduce(0) { $0 + TextWeight.of($1).weight }
                if statedWeight >= 200, selectedWeight * 5 < statedWeight {
                    selection.paragraphs = stated.map { Paragraph($0) }
                }
            }
        }

        var article = CleanedArticle()
        article.url = url
        article.title = (selection.firstBlock.flatMap(metadata.visibleHeadline(beforeBlock:)) ?? title)
            .map(metadata.withoutSiteName)
        article.paragraphs = selection.paragraphs
        article.images = selection.images.map { image in
            var resolved = image
            resolved.src = image.src.flatMap { WebURL.resolveLink($0, against: url) }
            return resolved
        }
        article.leadImage = metadata.leadImage.flatMap { WebURL.resolveLink($0, against: url) }
        // The headlines the page shows and declares: bylines and datelines stand under the one
        // the reader sees.
        let titles = [article.title, title].compactMap { $0 }
        article.authors = metadata.authors(titles: titles)
        if let signature = selection.signature {
            // The names signing the article, where the metadata names nobody or only the publisher.
            if article.authors.allSatisfy(metadata.isPublisherName) {
                article.authors = rules.names.splitNames(signature)
            }
        }
        // A byline line the selection kept ("von Manuela Conrad") names the authors: metadata, not
        // body. Looked for where bylines stand, in the first and last three paragraphs.
        if !article.authors.isEmpty {
            let authors = Set(article.authors.map { $0.lowercased() })
            let bylineLimit = article.authors.reduce(0) { $0 + $1.utf8.count } + 24
            let paragraphs = article.paragraphs
            let ends = Set(paragraphs.indices.prefix(3)).union(paragraphs.indices.suffix(3))
            let bylines = ends.filter { index in
                let paragraph = paragraphs[index]
                guard paragraph.text.utf8.count <= min(120, bylineLimit), paragraph.kind != .quote else { return false }
                let names = rules.names.splitNames(paragraph.text)
                return !names.isEmpty && names.allSatisfy { authors.contains($0.lowercased()) }
            }
            for index in bylines.sorted(by: >) { article.paragraphs.remove(at: index) }
        }
        (article.publishedRaw, article.modifiedRaw) = metadata.dateCandidates(
            titles: titles, bodyStart: selection.firstBlock, authors: article.authors)
        article.canonicalURL = metadata.canonicalURL.flatMap { WebURL.resolveLink($0, against: url) }
        article.siteName = metadata.siteName
        article.description = metadata.description
        article.tags = metadata.tags
        article.section = metadata.section
        article.paywalled = metadata.paywalled
        article.declaredLanguage = metadata.declaredLanguage
        article.charset = charset
        // Less than about ten words of prose is not an article (an error page, a stub, junk).
        let bodyWeight = selection.paragraphs.reduce(0) { $0 + TextWeight.of($1.text).weight }
        let fewWords = bodyWeight < 400 && selection.paragraphs.reduce(0) { $0 + TextNormalizer.wordCount($1.text) } < 8
        if bodyWeight < 60 || fewWords {
            article.noContentReason = selection.paragraphs.isEmpty ? .noContent : .tooShort
        } else if rules.noArticle.isConsentWall(paragraphs: article.paragraphs, bodyWeight: bodyWeight) {
            // The site asks for consent before it shows anything: no article was served.
            article.noContentReason = .consentWall
            article.paragraphs = []
        } else if rules.noArticle.isErrorPage(title: model.title, headings: Array(headings), bodyWeight: bodyWeight) {
            // "Page not found" served with status 200 (a soft 404).
            article.noContentReason = .errorPage
            article.paragraphs = []
        } else if metadata.isDeclaredCollection {
            // A front or section page: its text is teasers of other articles, not a body.
            article.noContentReason = .indexPage
            article.paragraphs = []
        }
        return article
    }

    /// Binary data (an image or archive served as text/html) has many control characters or
    /// undecodable sequences; text never does. Looks at the first 64 KiB.
    static func looksBinary(_ utf8: [UInt8]) -> Bool {
        let sample = utf8.prefix(64 * 1024)
        guard !sample.isEmpty else { return false }
        return suspiciousBytes(in: sample) * 50 > sample.count
    }

    /// Control bytes other than tab, line feed, form feed and carriage return, and U+FFFD
    /// sequences (EF BF BD) left by decoding.
    static func suspiciousBytes(in sample: ArraySlice<UInt8>) -> Int {
        sample.withUnsafeBytes { raw in
            let n = raw.count
            var suspicious = 0
            var i = 0
            while i < n {
                // Eight bytes at a time where none is a control byte or 0xEF (U+FFFD's first
                // byte): most of a page. Both word tests are exact for "some byte is" (SWAR).
                if i + 8 <= n {
                    let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let ones: UInt64 = 0x0101_0101_0101_0101
                    let highs: UInt64 = 0x8080_8080_8080_8080
                    let control = (word &- ones &* 0x20) & ~word & highs
                    let marked = word ^ (ones &* 0xEF)
                    if control == 0, (marked &- ones) & ~marked & highs == 0 {
                        i += 8
                        continue
                    }
                }
                let end = min(i + 8, n)
                while i < end {
                    let b = raw[i]
                    if b < 0x20 {
                        if b != 0x09, b != 0x0A, b != 0x0D, b != 0x0C { suspicious += 1 }
                    } else if b == 0xEF, i + 2 < n, raw[i + 1] == 0xBF, raw[i + 2] == 0xBD {
                        suspicious += 1
                    }
                    i += 1
                }
            }
            return suspicious
        }
    }
}

/// Why the cleaner could not read a page at all.
public struct CleanError: Error, CustomStringConvertible, Sendable {
    public enum Reason: String, Sendable {
        case empty
        case tooLarge = "too_large"
        case charset, unparseable
        case notText = "not_text"
    }

    public let reason: Reason
    public let url: String?
    public let detail: String
    public var description: String { "\(reason.rawValue): \(detail)" + (url.map { " (\($0))" } ?? "") }
}
