import Foundation

/// What an article is known by: its canonical URL and the record id that follows from it.
///
/// Computed once, right after cleaning (the cleaner is the first to know the page's declared
/// canonical link), and carried with the page: the site-boilerplate filter keys its memory by
/// it, the normalizer writes it into the record, delivery keys revisions by it.
public struct ArticleIdentity: Sendable, Equatable {
    public var canonicalURL: String
    public var id: String

    public init(canonicalURL: String) {
        self.canonicalURL = canonicalURL
        id = Self.recordID(canonicalURL: canonicalURL)
    }

    /// The record id for a canonical URL: the first 32 hex digits of its SHA-256.
    public static func recordID(canonicalURL: String) -> String {
        String(SHA256.hex(canonicalURL.utf8).prefix(32))
    }
}

/// Finds an article's identity from the URL it was fetched at and the canonical link it declares.
public struct ArticleIdentifier: Sendable {
    public var canonicalizer: URLCanonicalizer

    public init(canonicalizer: URLCanonicalizer = URLCanonicalizer()) {
        self.canonicalizer = canonicalizer
    }

    /// The identity of `article`. A page read from a file (no fetched URL to check its claim
    /// against) is known by the canonical link it declares; nil when it declares none either
    /// (the normalizer then falls back on a hash of the text).
    public func identify(_ article: CleanedArticle) -> ArticleIdentity? {
        guard let fetched = article.finalURL ?? article.url else {
            guard let declared = article.canonicalURL.flatMap(canonicalizer.canonicalize) else { return nil }
            return ArticleIdentity(canonicalURL: canonicalizer.recordURL(declared: nil, fetched: declared))
        }
        return ArticleIdentity(canonicalURL: canonicalizer.recordURL(declared: article.canonicalURL, fetched: fetched))
    }
}
