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
        let article: CleanedArticle
        do {
            article = try cleaner.clean(bytes: input.body, url: input.context.pageURL, contentType: input.contentType)
        } catch let error as CleanError {
            throw ArticleError(
                code: .unreadable(error.reason), stage: stage, url: input.context.requestURL, cause: error)
        }
        return CleanedPage(page: input.context, article: article, identifier: identifier, stage: stage)
    }
}

/// Instead of the cleaner, for scraper dumps (`extract --input-format text`): the text
/// parser, then the identity, as ``CleanStep`` does.
public struct TextParseStep: PipelineStage {
    public var parser: TextArticleParser
    public var identifier: ArticleIdentifier

    public init(parser: TextArticleParser, identifier: ArticleIdentifier) {
        self.parser = parser
        self.identifier = identifier
    }

    public var stage: RunStage { .clean }

    public func process(_ input: FetchedPage) throws -> CleanedPage {
        guard
            let text = String(validating: input.body, as: UTF8.self)
                ?? IconvConverter.toUTF8(
                    input.body, from: CharsetDetector.decide(bytes: input.body, contentType: nil).charset
                ).map({ String(decoding: $0, as: UTF8.self) })
        else {
            let error = CleanError(
                reason: .charset, url: input.context.pageURL, detail: "the text is not in a charset we can read")
            throw ArticleError(
                code: .unreadable(error.reason), stage: stage, url: input.context.requestURL, cause: error)
        }
        let article = parser.parse(text, url: input.context.pageURL)
        return CleanedPage(page: input.context, article: article, identifier: identifier, stage: stage)
    }
}

extension CleanedPage {
    /// A cleaned article with its page's URLs and source, and its identity.
    ///
    /// A page without an article keeps going, with no paragraphs, so that its record can say
    /// why (`extract` prints it); the run's sink reports it instead of delivering it. An index
    /// page declares itself one (schema.org CollectionPage/ItemList): a sitemap or feed that
    /// lists a section page is not a failing run (the code's disposition is `skipped`). No
    /// article found in a page that should hold one (`no_content`, `too_short`) stays a
    /// failure: it may be the cleaner's.
    init(page context: PageContext, article cleaned: CleanedArticle, identifier: ArticleIdentifier, stage: RunStage) {
        var article = cleaned
        article.url = context.requestURL.isEmpty ? nil : context.requestURL
        article.finalURL = context.pageURL
        article.source = context.source?.id
        if let reason = article.noContentReason {
            article.paragraphs = []
            noArticle = ArticleError(code: .noArticle(reason), stage: stage, url: context.requestURL)
        }
        self.context = context
        self.article = article
        identity = identifier.identify(article)
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
        // A page without an article has nothing to filter and nothing to teach.
        guard input.noArticle == nil else { return input }
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
            languageHint: input.context.languageHint, timezone: zone, fetchedAt: input.context.fetchedAt)
        // Normalising can empty a body the cleaner kept (paragraphs of invisible characters only).
        let noArticle =
            input.noArticle
            ?? (record.text.isEmpty
                ? ArticleError(code: .noArticle(.noContent), stage: stage, url: input.context.requestURL) : nil)
        return NormalizedPage(
            context: input.context, record: record, fingerprint: ArticleFingerprint(text: record.text),
            noArticle: noArticle)
    }
}
