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
    public var requestURL: String
    public var finalURL: String
    public var status: Int
    public var validators: Validators
    /// The backfill item this page finishes (its URL, or "file#record" for an archive).
    public var item: String?

    /// What the item is known by in checkpoints and the quarantine: its backfill item, else
    /// the URL asked for.
    public var key: String { item ?? requestURL }

    public init(
        source: SourceConfig?, requestURL: String, finalURL: String, status: Int = 200,
        validators: Validators = Validators(),
        item: String? = nil
    ) {
        self.source = source
        self.requestURL = requestURL
        self.finalURL = finalURL
        self.status = status
        self.validators = validators
        self.item = item
    }
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
}

/// A page as a finished record, ready for the spool.
public struct NormalizedPage: Sendable {
    public var context: PageContext
    public var record: ArticleRecord
    /// MinHash signature of the body, for the near-duplicate index.
    public var fingerprint: ArticleFingerprint
}

/// Items that know which page they belong to (for failure logs).
public protocol HasPageContext {
    var pageContext: PageContext { get }
}

extension FetchedPage: HasPageContext { public var pageContext: PageContext { context } }
extension CleanedPage: HasPageContext { public var pageContext: PageContext { context } }
