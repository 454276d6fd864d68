import Foundation

@testable import NewsIngest

extension Normalizer {
    /// The record a run makes of `article`: with the identity the clean step finds for it.
    func normalize(
        _ article: CleanedArticle, source: String?, languageHint: String? = nil, timezone: TimeZone? = nil,
        fetchedAt: Date = Date()
    ) -> ArticleRecord {
        normalize(
            article, identity: ArticleIdentifier().identify(article), source: source, languageHint: languageHint,
            timezone: timezone, fetchedAt: fetchedAt)
    }
}
