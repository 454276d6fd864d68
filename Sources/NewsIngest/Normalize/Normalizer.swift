import Crypto
import Foundation

/// The normalizer stage: Unicode and whitespace cleanup of every text field, language
/// detection, dates as ISO 8601 with offset, the canonical URL and the record's identity.
public struct Normalizer: Sendable {
    public var defaultTimezone: TimeZone

    public init(defaultTimezone: TimeZone = TimeZone(identifier: "UTC")!) {
        self.defaultTimezone = defaultTimezone
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
        let canonical = fetched.map { URLCanonicalizer.recordURL(declared: article.canonicalURL, fetched: $0) }
        let zone = timezone ?? defaultTimezone

        let detectionText = ([title].compactMap { $0 } + paragraphs).joined(separator: "\n")
        let hint = languageHint ?? article.declaredLanguage.map { String($0.prefix { $0 != "-" && $0 != "_" }).lowercased() }
        var language = LanguageDetector.detect(detectionText, hint: hint, tld: canonical.flatMap(Self.countryTLD))
        if languageHint == nil, language.method == "hint", !language.reliable, language.code != "und" {
            // Only the page's own `lang` spoke: keep it, with no claim of confidence.
            language.confidence = 0
        }

        let images = article.images.map { image in
            ArticleImage(
                src: image.src, alt: image.alt.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 },
                caption: image.caption.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 },
                credit: image.credit.map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 })
        }
        return ArticleRecord(
            id: Self.recordID(canonicalURL: canonical ?? Self.hash(text)),
            url: fetched,
            canonicalURL: canonical,
            source: source,
            sourceURL: article.sourceURL,
            title: title,
            authors: article.authors.map(TextNormalizer.normalize).filter { !$0.isEmpty },
            publishedAt: DateParser.firstPlausible(article.publishedRaw, defaultZone: zone, now: fetchedAt)?.iso8601,
            modifiedAt: DateParser.firstPlausible(article.modifiedRaw, defaultZone: zone, now: fetchedAt)?.iso8601,
            language: language.code,
            languageConfidence: (language.confidence * 100).rounded() / 100,
            languageReliable: language.reliable,
            siteName: article.siteName.map(TextNormalizer.normalize),
            description: article.description.map(TextNormalizer.normalize),
            text: text,
            paragraphCount: paragraphs.count,
            wordCount: TextNormalizer.wordCount(text),
            images: images,
            leadImage: article.leadImage,
            fetchedAt: OffsetDate(date: fetchedAt, offsetSeconds: 0).iso8601,
            contentHash: Self.hash((title ?? "") + "\n\n" + text),
            revision: 1,
            duplicatesRemoved: article.duplicatesRemoved)
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
