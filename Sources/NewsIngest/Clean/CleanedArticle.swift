import Foundation

/// An image of the article, with its caption and photo credit kept apart from the body.
public struct ArticleImage: Sendable, Codable, Equatable {
    public var src: String?
    public var alt: String?
    public var caption: String?
    public var credit: String?

    public init(src: String? = nil, alt: String? = nil, caption: String? = nil, credit: String? = nil) {
        self.src = src
        self.alt = alt
        self.caption = caption
        self.credit = credit
    }
}

/// One paragraph of the body and what kind of block it came from.
public struct Paragraph: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case paragraph, heading
        case listItem = "list_item"
        case quote, preformatted, cell
    }

    public var text: String
    public var kind: Kind

    public init(_ text: String, kind: Kind = .paragraph) {
        self.text = text
        self.kind = kind
    }
}

/// What the cleaner got out of a page: the body as paragraphs, images and raw metadata.
/// The deduplicator and normalizer work on this before it becomes an ``ArticleRecord``.
public struct CleanedArticle: Sendable {
    /// The URL that was requested, and where redirects led.
    public var url: String?
    public var finalURL: String?
    public var source: String?
    public var title: String?
    public var paragraphs: [Paragraph] = []
    public var images: [ArticleImage] = []
    public var leadImage: String?
    public var authors: [String] = []
    /// Date strings as the page gives them; the normalizer parses them.
    public var publishedRaw: [String] = []
    public var modifiedRaw: [String] = []
    public var canonicalURL: String?
    public var siteName: String?
    public var description: String?
    public var tags: [String] = []
    public var section: String?
    /// The page says it is behind a paywall.
    public var paywalled = false
    /// The page's `lang` attribute or `og:locale`: a hint, not the truth.
    public var declaredLanguage: String?
    /// Where a text article says it came from ("Sumber: https://…").
    public var sourceURL: String?
    public var charset: CharsetDecision?
    /// Set by the deduplicator.
    public var duplicatesRemoved = 0
    /// Set by the site-boilerplate filter.
    public var boilerplateRemoved = 0
    /// Why there is no body, when there is none.
    public var noContentReason: NoArticleReason?

    public init() {}
}

/// Why a page that could be read holds no article (the record's `no_content`).
public enum NoArticleReason: String, Sendable {
    /// No block of text the cleaner would call a body.
    case noContent = "no_content"
    /// A body, but shorter than an article.
    case tooShort = "too_short"
    /// The page declares itself a collection of other pages (a front or section page): rightly
    /// no article.
    case indexPage = "index_page"
    /// A cookie or consent wall stands where the article would be (``NoArticleRules``).
    case consentWall = "consent_wall"
    /// A "page not found" or error page served with 200 (``NoArticleRules``).
    case errorPage = "error_page"
}
