import Foundation

// The steps of the chain: each stage's work, adapted to the pages that flow between the queues.
// The stages themselves (`HTMLCleaner`, `ParagraphDeduplicator`, `SiteBoilerplateFilter`,
// `Normalizer`) know articles, not pages; what a step adds is the page's context and how an
// article that yields nothing is reported.

/// Cleaning, then the article's identity (computed here, once, and carried with the page).
public struct CleanStep: PipelineStage {
    public var cleaner: HTMLCleaner
    public var identifier: ArticleIdentifier

    public init(cleaner: HTMLCleaner, identifier: ArticleIdentifier) {
        self.cleaner = cleaner
        self.identifier = identifier
    }

    public var name: String { "clean" }

    public func process(_ input: FetchedPage) throws -> CleanedPage {
        CrashJournal.crashIfAskedByTest(input.body)
        var article: CleanedArticle
        do {
            article = try cleaner.clean(bytes: input.body, url: input.context.finalURL, contentType: input.contentType)
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
        return CleanedPage(context: input.context, article: article, identity: identifier.identify(article))
    }
}

extension ParagraphDeduplicator: PipelineStage {
    public var name: String { "dedupe" }

    public func process(_ input: CleanedPage) throws -> CleanedPage {
        var output = input
        output.article = deduplicate(input.article)
        return output
    }
}

extension SiteBoilerplateFilter: PipelineStage {
    public var name: String { "site-boilerplate" }

    public func process(_ input: CleanedPage) throws -> CleanedPage {
        var output = input
        output.article = try filter(input.article, identity: input.identity)
        return output
    }
}

extension Normalizer: PipelineStage {
    public var name: String { "normalize" }

    public func process(_ input: CleanedPage) throws -> NormalizedPage {
        let zone = input.context.source?.timezone.flatMap { TimeZone(identifier: $0) }
        let record = normalize(
            input.article, identity: input.identity, source: input.context.source?.id,
            languageHint: input.context.source?.language, timezone: zone)
        guard !record.text.isEmpty else {
            throw ArticleFailure(stage: name, url: input.context.requestURL, reason: "no_content")
        }
        return NormalizedPage(
            context: input.context, record: record, fingerprint: ArticleFingerprint(text: record.text))
    }
}
