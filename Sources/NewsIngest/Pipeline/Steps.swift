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

    public var stage: RunStage { .clean }

    public func process(_ input: FetchedPage) throws -> CleanedPage {
        CrashJournal.crashIfAskedByTest(input.body)
        var article: CleanedArticle
        do {
            article = try cleaner.clean(bytes: input.body, url: input.context.finalURL, contentType: input.contentType)
        } catch let error as CleanError {
            throw ArticleError(
                code: .unreadable(error.reason), stage: stage, url: input.context.requestURL, cause: error)
        }
        article.url = input.context.requestURL
        article.finalURL = input.context.finalURL
        article.source = input.context.source?.id
        // An index page declares itself one (schema.org CollectionPage/ItemList): a sitemap or
        // feed that lists a section page is not a failing run (the code's disposition is
        // `skipped`). No article found in a page that should hold one (`no_content`,
        // `too_short`) stays a failure: it may be the cleaner's.
        if let reason = article.noContentReason {
            throw ArticleError(code: .noArticle(reason), stage: stage, url: input.context.requestURL)
        }
        return CleanedPage(context: input.context, article: article, identity: identifier.identify(article))
    }
}

extension ParagraphDeduplicator: PipelineStage {
    public var stage: RunStage { .dedupe }

    public func process(_ input: CleanedPage) throws -> CleanedPage {
        var output = input
        output.article = deduplicate(input.article)
        return output
    }
}

extension SiteBoilerplateFilter: PipelineStage {
    public var stage: RunStage { .siteBoilerplate }

    public func process(_ input: CleanedPage) throws -> CleanedPage {
        var output = input
        output.article = try filter(input.article, identity: input.identity)
        return output
    }
}

extension Normalizer: PipelineStage {
    public var stage: RunStage { .normalize }

    public func process(_ input: CleanedPage) throws -> NormalizedPage {
        let zone = input.context.source?.timezone.flatMap { TimeZone(identifier: $0) }
        let record = normalize(
            input.article, identity: input.identity, source: input.context.source?.id,
            languageHint: input.context.source?.language, timezone: zone)
        guard !record.text.isEmpty else {
            throw ArticleError(code: .noArticle(.noContent), stage: stage, url: input.context.requestURL)
        }
        return NormalizedPage(
            context: input.context, record: record, fingerprint: ArticleFingerprint(text: record.text))
    }
}
