import Crypto
import Foundation

/// The normalizer stage: Unicode and whitespace cleanup of every text field, language
/// detection, dates as ISO 8601 with offset, the canonical URL and the record's identity.
public struct Normalizer: Sendable {
    public var defaultTimezone: TimeZone
    public var canonicalizer: URLCanonicalizer

    public init(defaultTimezone: TimeZone = TimeZone(identifier: "UTC")!, canonicalizer: URLCanonicalizer = URLCanonicalizer()) {
        self.defaultTimezone = defaultTimezone
        self.canonicalizer = canonicalizer
    }

    /// The canonical URL an article will be known by, and the record id that follows from it
    /// (nil when the article has no URL).
    public func identity(of article: CleanedArticle) -> (canonicalURL: String, id: String)? {
        guard let fetched = article.finalURL ?? article.url else { return nil }
        let canonical = canonicalizer.recordURL(declared: article.canonicalURL, fetched: fetched)
        return (canonical, Self.recordID(canonicalURL: canonical))
    }

    /// Builds the record. `languageHint` and `timezone` come from the source's configuration.
    public func normalize(
        _ article: CleanedArticle, source: String?, languageHint: String? = nil, timezone: TimeZone? = nil,
        fetchedAt: Date = Date()
    ) -> ArticleRecord {
        let paragraphs = article.paragraphs.map { TextNormalizer.normalize($0.text) }.filter { !$0.isEmpty }
        let text = paragraphs.joined(separator: "\n\n")
        let title = article.title.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 }
        let fetched = article.finalURL ?? article.url
        let identity = identity(of: article)
        let canonical = identity?.canonicalURL
        let zone = timezone ?? defaultTimezone

        let detectionText = ([title].compactMap { $0 } + paragraphs).joined(separator: "\n")
        let hint = languageHint ?? article.declaredLanguage.map { String($0.prefix { $0 != "-" && $0 != "_" }).lowercased() }
        var language = LanguageDetector.detect(detectionText, hint: hint, tld: canonical.flatMap(Self.countryTLD))
        if languageHint == nil, language.method == "hint", !language.reliable, language.code != "und" {
            // Only the page's own `lang` spoke: keep it, with no claim of confidence.
            language.confidence = 0
        }
        let paragraphLanguages = Self.paragraphLanguages(paragraphs, article: language.code, hint: languageHint)
        let wordCount = TextNormalizer.wordCount(text)

        let images = article.images.map { image in
            ArticleImage(
                src: image.src, alt: image.alt.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 },
                caption: image.caption.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 },
                credit: image.credit.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 })
        }
        return ArticleRecord(
            id: identity?.id ?? Self.recordID(canonicalURL: Self.hash(text)),
            url: fetched,
            canonicalURL: canonical,
            source: source,
            sourceURL: article.sourceURL,
            title: title,
            authors: article.authors.map(TextNormalizer.normalize).filter { !$0.isEmpty },
            publishedAt: DateParser.firstPlausible(article.publishedRaw, defaultZone: zone, now: fetchedAt)?.iso8601,
            modifiedAt: DateParser.firstPlausible(article.modifiedRaw, defaultZone: zone, now: fetchedAt)?.iso8601,
            language: language.code,
            paragraphLanguages: paragraphLanguages,
            languageConfidence: (language.confidence * 100).rounded() / 100,
            languageReliable: language.reliable,
            siteName: article.siteName.map(TextNormalizer.normalize),
            description: article.description.map(TextNormalizer.normalize),
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

    /// Each paragraph's language: paragraphs long enough to judge (about ten words) are detected
    /// on their own; shorter ones, ones CLD2 cannot place, and look-alikes of the article's
    /// language (a Malay guess in an Indonesian article) take the article's.
    static func paragraphLanguages(_ paragraphs: [String], article: String, hint: String?) -> [String] {
        paragraphs.map { paragraph in
            guard TextWeight.of(paragraph).weight >= 50 else { return article }
            let guess = LanguageDetector.detect(paragraph, hint: hint)
            if guess.code == "und" || (!guess.reliable && guess.method == "cld2") { return article }
            if LanguageDetector.confusable.contains(where: { $0.contains(guess.code) && $0.contains(article) }) { return article }
            return guess.code
        }
    }

    /// The record id for a canonical URL: the first 32 hex digits of its SHA-256.
    public static func recordID(canonicalURL: String) -> String {
        String(hash(canonicalURL).prefix(32))
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A two-letter country TLD is a useful hint to CLD2 ("vn", "id"); generic ones are not.
    static func countryTLD(of url: String) -> String? {
        guard let host = URL(string: url)?.host, let tld = host.split(separator: ".").last, tld.count == 2,
            tld.allSatisfy(\.isLetter)
        else { return nil }
        return tld.lowercased()
    }
}
