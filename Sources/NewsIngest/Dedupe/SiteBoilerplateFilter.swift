import Foundation

/// Drops paragraphs a site prints in many of its articles (a disclaimer, "Follow us on…",
/// a subscription pitch), learned from the articles themselves as they arrive.
///
/// For each article of a host: paragraphs already seen in at least `minArticles` *other*
/// articles of that host are removed; then the article's short paragraphs are remembered.
/// Memory lives in the state (``BoilerplateMemory``: bounded per host, counts capped at
/// `minArticles`), so learning survives restarts; it is a single serial stage, so the same
/// articles in the same order always give the same output. Articles are told apart by the
/// identity found after cleaning; one without an identity is passed through.
public struct SiteBoilerplateFilter: Sendable {
    public let memory: any BoilerplateMemory
    public var minArticles: Int
    public var maxChars: Int
    public var maxPerHost: Int

    public init(memory: any BoilerplateMemory, settings: Configuration.DedupeSettings) {
        self.memory = memory
        minArticles = settings.siteBoilerplateMinArticles
        maxChars = settings.siteBoilerplateMaxChars
        maxPerHost = settings.siteBoilerplateMaxPerHost
    }

    public func filter(_ article: CleanedArticle, identity: ArticleIdentity?) throws -> CleanedArticle {
        guard minArticles > 0, let identity,
            let host = WebURL(identity.canonicalURL).map({ Self.siteKey($0.host) })
        else { return article }
        let keyed: [(Paragraph, Int64?)] = article.paragraphs.map { paragraph in
            guard paragraph.text.count <= maxChars else { return (paragraph, nil) }
            let key = ParagraphDeduplicator.key(paragraph.text)
            return (paragraph, key.isEmpty ? nil : Self.hash(key))
        }
        let keys = Array(Set(keyed.compactMap(\.1)))
        let counts = try memory.boilerplateCounts(host: host, keys: keys, excluding: identity.id)
        var result = article
        result.paragraphs = keyed.filter { _, key in
            guard let key else { return true }
            return (counts[key] ?? 0) < minArticles
        }.map(\.0)
        result.boilerplateRemoved += article.paragraphs.count - result.paragraphs.count
        // One more id than the threshold, so that "seen in K articles other than this one" can
        // still be answered for an article that was one of the K.
        try memory.learnBoilerplate(
            host: host, keys: keys, articleID: identity.id, cap: minArticles + 1, maxPerHost: maxPerHost)
        return result
    }

    /// "www.example.com" and "example.com" are one site.
    static func siteKey(_ host: String) -> String {
        host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }

    /// A stable 63-bit key (SQLite integers are signed).
    static func hash(_ key: String) -> Int64 {
        Int64(bitPattern: FNV1a.hash(key.utf8) & 0x7FFF_FFFF_FFFF_FFFF)
    }
}
