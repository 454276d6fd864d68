import Foundation

/// One clean article, as written to the spool: a JSON object per file.
///
/// Field names are snake_case in JSON. Every field is always present (null when unknown), so
/// downstream readers can rely on the shape; `schema_version` changes when it does.
public struct ArticleRecord: Sendable, Codable, Equatable {
    public static let currentSchemaVersion = 1

    public var schemaVersion = ArticleRecord.currentSchemaVersion
    /// Stable identity: SHA-256 (first 32 hex digits) of `canonical_url`.
    public var id: String
    /// Null only for `extract` of a file given without `--url`.
    public var url: String?
    public var canonicalURL: String?
    public var source: String?
    /// Where a re-published text says it came from ("Sumber: …").
    public var sourceURL: String?
    public var title: String?
    public var authors: [String]
    public var publishedAt: String?
    public var modifiedAt: String?
    public var language: String
    /// Language of each paragraph (the article's language for paragraphs too short to judge),
    /// for mixed-language articles.
    public var paragraphLanguages: [String]
    public var languageConfidence: Double
    public var languageReliable: Bool
    public var siteName: String?
    public var description: String?
    /// Paragraphs joined by one blank line.
    public var text: String
    public var paragraphCount: Int
    public var wordCount: Int
    /// Estimated reading time in whole minutes (at least 1 for a non-empty body).
    public var readingTimeMinutes: Int
    public var images: [ArticleImage]
    public var leadImage: String?
    public var fetchedAt: String
    /// SHA-256 of title and text: a changed article gets a new hash and the next revision.
    public var contentHash: String
    public var revision: Int
    /// Repeated paragraphs removed from this article.
    public var duplicatesRemoved: Int
    /// Paragraphs removed because the site prints them in many articles.
    public var boilerplateRemoved: Int
    /// The id of an earlier record this one nearly duplicates (syndicated copy), and how similar.
    public var duplicateOf: String?
    public var similarity: Double?

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", id, url, canonicalURL = "canonical_url", source, sourceURL = "source_url"
        case title, authors, publishedAt = "published_at", modifiedAt = "modified_at", language
        case paragraphLanguages = "paragraph_languages", readingTimeMinutes = "reading_time_minutes"
        case boilerplateRemoved = "boilerplate_removed", duplicateOf = "duplicate_of", similarity
        case languageConfidence = "language_confidence", languageReliable = "language_reliable"
        case siteName = "site_name", description, text, paragraphCount = "paragraph_count", wordCount = "word_count"
        case images, leadImage = "lead_image", fetchedAt = "fetched_at", contentHash = "content_hash", revision
        case duplicatesRemoved = "duplicates_removed"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(id, forKey: .id)
        try c.encode(url, forKey: .url)
        try c.encode(canonicalURL, forKey: .canonicalURL)
        try c.encode(source, forKey: .source)
        try c.encode(sourceURL, forKey: .sourceURL)
        try c.encode(title, forKey: .title)
        try c.encode(authors, forKey: .authors)
        try c.encode(publishedAt, forKey: .publishedAt)
        try c.encode(modifiedAt, forKey: .modifiedAt)
        try c.encode(language, forKey: .language)
        try c.encode(paragraphLanguages, forKey: .paragraphLanguages)
        try c.encode(languageConfidence, forKey: .languageConfidence)
        try c.encode(languageReliable, forKey: .languageReliable)
        try c.encode(siteName, forKey: .siteName)
        try c.encode(description, forKey: .description)
        try c.encode(text, forKey: .text)
        try c.encode(paragraphCount, forKey: .paragraphCount)
        try c.encode(wordCount, forKey: .wordCount)
        try c.encode(readingTimeMinutes, forKey: .readingTimeMinutes)
        try c.encode(images, forKey: .images)
        try c.encode(leadImage, forKey: .leadImage)
        try c.encode(fetchedAt, forKey: .fetchedAt)
        try c.encode(contentHash, forKey: .contentHash)
        try c.encode(revision, forKey: .revision)
        try c.encode(duplicatesRemoved, forKey: .duplicatesRemoved)
        try c.encode(boilerplateRemoved, forKey: .boilerplateRemoved)
        try c.encode(duplicateOf, forKey: .duplicateOf)
        try c.encode(similarity, forKey: .similarity)
    }

    /// The record as one line of JSON (keys in a fixed order, slashes unescaped).
    public func jsonData(pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The body split back into paragraphs.
    public var paragraphs: [String] { text.isEmpty ? [] : text.components(separatedBy: "\n\n") }
}
