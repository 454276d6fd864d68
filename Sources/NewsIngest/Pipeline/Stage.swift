import Foundation

/// A pipeline stage: declares what it takes and what it gives.
///
/// Stages are values without shared mutable state, so several workers can run one stage at
/// once. A thrown error fails that article only (an ``ArticleError`` says how; any other is
/// counted as `unexpected`).
public protocol PipelineStage: Sendable {
    associatedtype Input: Sendable
    associatedtype Output: Sendable

    /// Where in the run it works, for logs and summaries.
    var stage: RunStage { get }

    func process(_ input: Input) throws -> Output
}

/// Where an article came from and how it was fetched; travels with it through the stages.
public struct PageContext: Sendable {
    public var source: SourceConfig?
    /// The URL asked for; empty when a page comes without one (`extract` of a saved file).
    public var requestURL: String
    /// The URL the page was served from, after redirects; empty as `requestURL` is.
    public var finalURL: String
    public var status: Int
    public var validators: Validators
    /// The backfill item this page finishes (its URL, or "file#record" for an archive).
    public var item: String?
    /// The language the page is expected in: the source's, or the one `extract --language` names.
    public var languageHint: String?
    /// When the page was fetched: the record's `fetched_at`, and "now" for relative dates.
    public var fetchedAt: Date

    /// What the item is known by in checkpoints and the quarantine: its backfill item, else
    /// the URL asked for.
    public var key: String { item ?? requestURL }

    public init(
        source: SourceConfig?, requestURL: String, finalURL: String, status: Int = 200,
        validators: Validators = Validators(),
        item: String? = nil, languageHint: String? = nil, fetchedAt: Date = Date()
    ) {
        self.source = source
        self.requestURL = requestURL
        self.finalURL = finalURL
        self.status = status
        self.validators = validators
        self.item = item
        self.languageHint = languageHint ?? source?.language
        self.fetchedAt = fetchedAt
    }

    /// The URL the cleaner resolves links against; nil when the page came without one.
    var pageURL: String? { finalURL.isEmpty ? nil : finalURL }
}

/// A fetched page, before cleaning.
public struct FetchedPage: Sendable {
    public var context: PageContext
    public var contentType: String?
    public var body: [UInt8]
}

/// A page after the cleaner (and the deduplicator), with the identity found right after cleaning.
public struct CleanedPage: Sendable {
    public var context: PageContext
    public var article: CleanedArticle
    /// Nil when the page gives no usable URL (the normalizer then keys the record by its text).
    public var identity: ArticleIdentity?
    /// Set when the page holds no article (an error page, a consent wall, too few words…): it
    /// goes on with an empty body, so that its record says why, and the sink decides.
    public var noArticle: ArticleError?
}

/// A page as a finished record, ready for the spool.
public struct NormalizedPage: Sendable {
    public var context: PageContext
    public var record: ArticleRecord
    /// MinHash signature of the body, for the near-duplicate index.
    public var fingerprint: ArticleFingerprint
    /// Why the page gives no article, when it does not (`record.noContent` names the same
    /// reason): a run reports it and delivers nothing; `extract` prints the record.
    public var noArticle: ArticleError?
}

/// Items that know which page they belong to (for failure logs).
public protocol HasPageContext {
    var pageContext: PageContext { get }
}

extension FetchedPage: HasPageContext { public var pageContext: PageContext { context } }
extension CleanedPage: HasPageContext { public var pageContext: PageContext { context } }
