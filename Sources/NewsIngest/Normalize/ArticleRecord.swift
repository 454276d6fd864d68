import Foundation

/// One clean article, as written to the spool: a JSON object per file.
///
/// Field names are snake_case in JSON. Every field is always present (null when unknown), so
/// downstream readers can rely on the shape; `schema_version` changes when it does.
public struct ArticleRecord: Sendable, Codable, Equatable {
    public static let currentSchemaVersion = 2

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
    /// Keywords the page gives (`article:tag`, `keywords`, JSON-LD `keywords`).
    public var tags: [String] = []
    /// The section the page files itself under (`article:section`, JSON-LD `articleSection`).
    public var section: String?
    /// True when the page says it is behind a paywall (JSON-LD `isAccessibleForFree: false`,
    /// `article:content_tier` locked or metered); then `text` may hold only the free part.
    public var paywalled = false
    /// Why `text` is empty: `no_content` (no article found on the page), `index_page` (a page
    /// declaring itself a collection of other pages), `consent_wall` (a cookie/consent dialog
    /// instead of the site), `error_page` (a "page not found" served with status 200) or
    /// `too_short`. Null for an article.
    public var noContent: String?
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
        case schemaVersion = "schema_version"
        case id, url
        case canonicalURL = "canonical_url"
        case source
        case sourceURL = "source_url"
        case title, authors
        case publishedAt = "published_at"
        case modifiedAt = "modified_at"
        case language
        case paragraphLanguages = "paragraph_languages"
        case readingTimeMinutes = "reading_time_minutes"
        case boilerplateRemoved = "boilerplate_removed"
        case duplicateOf = "duplicate_of"
        case similarity
        case languageConfidence = "language_confidence"
        case languageReliable = "language_reliable"
        case siteName = "site_name"
        case description, text
        case paragraphCount = "paragraph_count"
        case wordCount = "word_count"
        case images
        case leadImage = "lead_image"
        case fetchedAt = "fetched_at"
        case contentHash = "content_hash"
        case revision
        case duplicatesRemoved = "duplicates_removed"
        case tags, section, paywalled
        case noContent = "no_content"
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
        try c.encode(tags, forKey: .tags)
        try c.encode(section, forKey: .section)
        try c.encode(paywalled, forKey: .paywalled)
        try c.encode(noContent, forKey: .noContent)
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
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The body split back into paragraphs.
    public var paragraphs: [String] { text.isEmpty ? [] : text.components(separatedBy: "\n\n") }
}

extension ArticleRecord {
    /// Reads records of every schema version: fields added in version 2 (`tags`, `section`,
    /// `paywalled`, `no_content`) take their empty values when a version 1 record lacks them.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        id = try c.decode(String.self, forKey: .id)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        canonicalURL = try c.decodeIfPresent(String.self, forKey: .canonicalURL)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        sourceURL = try c.decodeIfPresent(String.self, forKey: .sourceURL)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        authors = try c.decode([String].self, forKey: .authors)
        publishedAt = try c.decodeIfPresent(String.self, forKey: .publishedAt)
        modifiedAt = try c.decodeIfPresent(String.self, forKey: .modifiedAt)
        language = try c.decode(String.self, forKey: .language)
        paragraphLanguages = try c.decode([String].self, forKey: .paragraphLanguages)
        languageConfidence = try c.decode(Double.self, forKey: .languageConfidence)
        languageReliable = try c.decode(Bool.self, forKey: .languageReliable)
        siteName = try c.decodeIfPresent(String.self, forKey: .siteName)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        section = try c.decodeIfPresent(String.self, forKey: .section)
        paywalled = try c.decodeIfPresent(Bool.self, forKey: .paywalled) ?? false
        noContent = try c.decodeIfPresent(String.self, forKey: .noContent)
        text = try c.decode(String.self, forKey: .text)
        paragraphCount = try c.decode(Int.self, forKey: .paragraphCount)
        wordCount = try c.decode(Int.self, forKey: .wordCount)
        readingTimeMinutes = try c.decode(Int.self, forKey: .readingTimeMinutes)
        images = try c.decode([ArticleImage].self, forKey: .images)
        leadImage = try c.decodeIfPresent(String.self, forKey: .leadImage)
        fetchedAt = try c.decode(String.self, forKey: .fetchedAt)
        contentHash = try c.decode(String.self, forKey: .contentHash)
        revision = try c.decode(Int.self, forKey: .revision)
        duplicatesRemoved = try c.decode(Int.self, forKey: .duplicatesRemoved)
        boilerplateRemoved = try c.decode(Int.self, forKey: .boilerplateRemoved)
        duplicateOf = try c.decodeIfPresent(String.self, forKey: .duplicateOf)
        similarity = try c.decodeIfPresent(Double.self, forKey: .similarity)
    }
}
