import Foundation

/// A pipeline stage: declares what it takes and what it gives.
///
/// Stages are values without shared mutable state, so several workers can run one stage at
/// once. A thrown error fails that article only.
public protocol PipelineStage: Sendable {
    associatedtype Input: Sendable
    associatedtype Output: Sendable

    /// A short name for logs and summaries ("clean", "dedupe").
    var name: String { get }

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

/// An article that yields no record, with the reason.
public struct ArticleFailure: Error, CustomStringConvertible, Sendable {
    public var stage: String
    public var url: String
    public var reason: String
    public var description: String { "\(stage): \(reason) (\(url))" }
}

/// A page that is rightly not an article (a front or section page that says so): counted as
/// skipped, like a non-HTML response, not as a failure of the pipeline.
public struct ArticleSkip: Error, CustomStringConvertible, Sendable {
    public var stage: String
    public var url: String
    public var reason: String
    public var description: String { "\(stage): \(reason) (\(url))" }
}

/// Items that know which page they belong to (for failure logs).
public protocol HasPageContext {
    var pageContext: PageContext { get }
}

extension FetchedPage: HasPageContext { public var pageContext: PageContext { context } }
extension CleanedPage: HasPageContext { public var pageContext: PageContext { context } }
