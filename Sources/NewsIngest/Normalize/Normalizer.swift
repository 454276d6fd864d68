import Foundation

/// The normalizer stage: Unicode and whitespace cleanup of every text field, language
/// detection, dates as ISO 8601 with offset; the record takes the identity found after cleaning.
public struct Normalizer: Sendable {
    public var defaultTimezone: TimeZone
    /// Function words for languages CLD2 barely knows, and printed dates (the lexicon's).
    private let stopwords: StopwordLanguageIdentifier
    private let visibleDates: VisibleDateParser

    public init(
        defaultTimezone: TimeZone = TimeZone(identifier: "UTC")!, lexicon: Lexicon = .bundled
    ) {
        self.defaultTimezone = defaultTimezone
        stopwords = StopwordLanguageIdentifier(lexicon: lexicon)
        visibleDates = VisibleDateParser(lexicon: lexicon)
    }

    /// Builds the record. `identity` is the one found after cleaning (``ArticleIdentifier``); without
    /// one the record is known by a hash of its text. `languageHint` and `timezone` come from the
    /// source's configuration.
    public func normalize(
        _ article: CleanedArticle, identity: ArticleIdentity?, source: String?, languageHint: String? = nil,
        timezone: TimeZone? = nil, fetchedAt: Date = Date()
    ) -> ArticleRecord {
        let paragraphs = article.paragraphs.map { TextNormalizer.normalize($0.text) }.filter { !$0.isEmpty }
        let text = paragraphs.joined(separator: "\n\n")
        let title = article.title.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 }
        let fetched = article.finalURL ?? article.url
        let canonical = identity?.canonicalURL
        let zone = timezone ?? defaultTimezone

        let detectionText = ([title].compactMap { $0 } + paragraphs).joined(separator: "\n")
        let hint =
            languageHint ?? article.declaredLanguage.map { String($0.prefix { $0 != "-" && $0 != "_" }).lowercased() }
        var spans: [LanguageDetector.Span] = []
        var language = LanguageDetector.detect(
            detectionText, hint: hint, tld: canonical.flatMap(Self.countryTLD), spans: &spans,
            stopwords: stopwords)
        if languageHint == nil, language.method == "hint", !language.reliable, language.code != "und" {
            // Only the page's own `lang` spoke: keep it, with no claim of confidence.
            language.confidence = 0
        }
        let paragraphLanguages = Self.paragraphLanguages(
            paragraphs, firstOffset: title.map { $0.utf8.count + 1 } ?? 0, spans: spans, article: language.code)
        let wordCount = TextNormalizer.wordCount(text)

        // "04/05/2025" printed on an English page is read the American way (5 April) unless the
        // page's locale or country domain says it is British, Irish, Australian, Indian…
        let monthFirst =
            language.code == "en" && !Self.writesDayFirst(declared: article.declaredLanguage, canonical: canonical)
        let published = DateParser.firstPlausible(
            article.publishedRaw, visible: visibleDates, defaultZone: zone, monthFirst: monthFirst, now: fetchedAt)
        // A page that gives only an update date is dated by it (as htmldate does): that is the
        // date its reader sees, and an indexer's date filter would otherwise drop the article.
        let modified = DateParser.firstPlausible(
            article.modifiedRaw, visible: visibleDates, defaultZone: zone, monthFirst: monthFirst, now: fetchedAt)
        let images = article.images.map { image in
            ArticleImage(
                src: image.src, alt: image.alt.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 },
                caption: image.caption.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 },
                credit: image.credit.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 })
        }
        return ArticleRecord(
            id: identity?.id ?? ArticleIdentity.recordID(canonicalURL: Self.hash(text)),
            url: fetched,
            canonicalURL: canonical,
            source: source,
            sourceURL: article.sourceURL,
            title: title,
            authors: article.authors.map(TextNormalizer.normalize).filter { !$0.isEmpty },
            publishedAt: (published ?? modified)?.iso8601,
            modifiedAt: modified?.iso8601,
            language: language.code,
            paragraphLanguages: paragraphLanguages,
            languageConfidence: (language.confidence * 100).rounded() / 100,
            languageReliable: language.reliable,
            siteName: article.siteName.map(TextNormalizer.normalize),
            description: article.description.map(TextNormalizer.normalize),
            tags: article.tags.map(TextNormalizer.normalize).filter { !$0.isEmpty },
            section: article.section.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 },
            paywalled: article.paywalled,
            noContent: text.isEmpty ? (article.noContentReason ?? .noContent).rawValue : nil,
            text: text,
            paragraphCount: paragraphs.count,
            wordCount: wordCount,
            readingTimeMinutes: TextNormalizer.readingTime(text, wordCount: wordCount),
            images: images,
            leadImage: article.leadImage,
            fetchedAt: OffsetDate(date: fetchedAt, offsetSeconds: 0).iso8601,
            contentHash: Self.hash((title ?? "") + "\n\n" + text),
            revision: 1,
            duplicatesRemoved: article.duplicatesRemoved,
            boilerplateRemoved: article.boilerplateRemoved,
            duplicateOf: nil,
            similarity: nil)
    }

    /// Each paragraph's language, from the language runs CLD2 found in the article's text (one
    /// pass for the whole article): the language covering most of the paragraph's bytes.
    /// Paragraphs too short to judge (under about ten words), runs CLD2 could not place, and
    /// look-alikes of the article's language (Malay runs in an Indonesian article) take the
    /// article's language.
    static func paragraphLanguages(
        _ paragraphs: [String], firstOffset: Int, spans: [LanguageDetector.Span], article: String
    ) -> [String] {
        var offset = firstOffset
        var result: [String] = []
        result.reserveCapacity(paragraphs.count)
        for paragraph in paragraphs {
            let start = offset
            let end = start + paragraph.utf8.count
            offset = end + 1  // the "\n" between paragraphs
            guard TextWeight.of(paragraph, stoppingAt: 50).weight >= 50 else {
                result.append(article)
                continue
            }
            var bytesByCode: [String: Int] = [:]
            for span in spans where span.offset < end && span.offset + span.length > start {
                let overlap = min(end, span.offset + span.length) - max(start, span.offset)
                bytesByCode[span.code, default: 0] += overlap
            }
            guard let (code, bytes) = bytesByCode.max(by: { $0.value < $1.value }), code != "und",
                bytes * 2 >= paragraph.utf8.count,
                !LanguageDetector.confusable.contains(where: { $0.contains(code) && $0.contains(article) })
            else {
                result.append(article)
                continue
            }
            result.append(code)
        }
        return result
    }

    static func hash(_ text: String) -> String {
        SHA256.hex(text.utf8)
    }

    /// A two-letter country TLD is a useful hint to CLD2 ("vn", "id"); generic ones are not.
    /// English outside North America writes the day first: "en-GB"/"en_AU" declared, or a
    /// country domain such as .uk, .ie, .au, .nz, .in, .za.
    static func writesDayFirst(declared: String?, canonical: String?) -> Bool {
        let dayFirst: Set<String> = ["gb", "uk", "ie", "au", "nz", "in", "za", "sg", "my", "ng", "ke", "pk", "hk"]
        if let declared, let region = declared.split(whereSeparator: { $0 == "-" || $0 == "_" }).dropFirst().first {
            return dayFirst.contains(region.lowercased())
        }
        return canonical.flatMap(countryTLD).map(dayFirst.contains) ?? false
    }

    static func countryTLD(of url: String) -> String? {
        guard let host = WebURL(url)?.host, let tld = host.split(separator: ".").last, tld.count == 2,
            tld.allSatisfy(\.isLetter)
        else { return nil }
        return tld.lowercased()
    }
}
