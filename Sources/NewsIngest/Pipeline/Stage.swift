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

/// A page after the cleaner (and the deduplicator).
public struct CleanedPage: Sendable {
    public var context: PageContext
    public var article: CleanedArticle
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

extension HTMLCleaner: PipelineStage {
    public var name: String { "clean" }

    public func process(_ input: FetchedPage) throws -> CleanedPage {
        CrashJournal.crashIfAskedByTest(input.body)
        var article: CleanedArticle
        do {
            article = try clean(bytes: input.body, url: input.context.finalURL, contentType: input.contentType)
        } catch let error as CleanError {
            throw ArticleFailure(
                stage: name, url: input.context.requestURL, reason: error.reason.rawValue + ": " + error.detail)
        }
        article.url = input.context.requestURL
        article.finalURL = input.context.finalURL
        article.source = input.context.source?.id
        // An index page declares itself one (schema.org CollectionPage/ItemList): a sitemap or
        // feed that lists a section page is not a failing run. No article found in a page that
        // should hold one (`no_content`, `too_short`) stays a failure: it may be the cleaner's.
        if article.noContentReason == CleanedArticle.indexPageReason {
            throw ArticleSkip(stage: name, url: input.context.requestURL, reason: CleanedArticle.indexPageReason)
        }
        if let reason = article.noContentReason {
            throw ArticleFailure(stage: name, url: input.context.requestURL, reason: reason)
        }
        return CleanedPage(context: input.context, article: article)
    }
}

extension ParagraphDeduplicator: PipelineStage {
    public var name: String { "dedupe" }

    public func process(_ input: CleanedPage) throws -> CleanedPage {
        CleanedPage(context: input.context, article: deduplicate(input.article))
    }
}

extension Normalizer: PipelineStage {
    public var name: String { "normalize" }

    public func process(_ input: CleanedPage) throws -> NormalizedPage {
        let zone = input.context.source?.timezone.flatMap { TimeZone(identifier: $0) }
        let record = normalize(
            input.article, source: input.context.source?.id, languageHint: input.context.source?.language,
            timezone: zone)
        guard !record.text.isEmpty else {
            throw ArticleFailure(stage: name, url: input.context.requestURL, reason: "no_content")
        }
        return NormalizedPage(
            context: input.context, record: record, fingerprint: ArticleFingerprint(text: record.text))
    }
}
