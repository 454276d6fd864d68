import Foundation

/// Where an article's way through a run ended.
public enum RunStage: String, Sendable {
    case fetch, archive, clean, dedupe
    case siteBoilerplate = "site-boilerplate"
    case normalize, spool
}

/// Why a page yields no record: one code per outcome, each named in summaries and logs by its
/// `description` (`timeout`, `too_short`, `archived_status_4xx`).
public enum ArticleErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The transfer or its answer: `timeout`, `http_status`, `robots_disallowed`, `not_html`…
    case fetch(FetchError.Code)
    /// Bytes the cleaner cannot read as a page: `empty`, `too_large`, `charset`, `unparseable`.
    case unreadable(CleanError.Reason)
    /// A readable page without an article: `no_content`, `too_short`, `index_page`, `consent_wall`…
    case noArticle(NoArticleReason)
    /// A WARC file or record that cannot be used.
    case archive(WARCError.Code)
    /// An archived response whose status is not 2xx: its class (4 for 404).
    case archivedStatus(statusClass: Int)
    /// More than `max_page_seconds` of CPU in one stage.
    case timeBudget
    /// The page took down earlier runs and is quarantined.
    case crashed
    /// An error no stage expected; the cause says what.
    case unexpected

    public var description: String {
        switch self {
        case .fetch(let code): code.rawValue
        case .unreadable(let reason): reason.rawValue
        case .noArticle(let reason): reason.rawValue
        case .archive(let problem): problem.rawValue
        case .archivedStatus(let statusClass): "archived_status_\(statusClass)xx"
        case .timeBudget: "time_budget"
        case .crashed: "crashed"
        case .unexpected: "unexpected"
        }
    }

    /// Decisions, not failures, which do not make a run partial: what robots.txt disallows,
    /// what is not HTML, a page that declares itself an index of others, an archived error
    /// page, a page in quarantine.
    public var disposition: ArticleError.Disposition {
        switch self {
        case .fetch(let code): code.isSkip ? .skipped : .failed
        case .noArticle(.indexPage), .archivedStatus, .crashed: .skipped
        default: .failed
        }
    }
}

/// A page that yields no record: what happened (`code`), where (`stage`), to which page
/// (`url`), whether it counts as a failure of the run (`disposition`), whether another try may
/// end otherwise (`passing`: a backfill tries the page again), and the error underneath.
public struct ArticleError: Error, Sendable, CustomStringConvertible {
    public enum Disposition: String, Sendable {
        case failed, skipped
    }

    public var code: ArticleErrorCode
    public var stage: RunStage
    public var url: String
    public var passing: Bool
    /// What the stage caught (a `FetchError`, a `CleanError`), for the log.
    public var cause: (any Error)?

    public init(code: ArticleErrorCode, stage: RunStage, url: String, passing: Bool = false, cause: (any Error)? = nil)
    {
        self.code = code
        self.stage = stage
        self.url = url
        self.passing = passing
        self.cause = cause
    }

    public var disposition: Disposition { code.disposition }

    /// The log's reason: the cause's own words when there is one, else the code.
    public var reason: String { cause.map { "\($0)" } ?? code.description }

    public var description: String { "\(stage.rawValue): \(reason) (\(url))" }
}

/// What a summary counts an error under.
public struct ArticleErrorKey: Hashable, Sendable, CustomStringConvertible {
    public var stage: RunStage
    public var code: ArticleErrorCode

    public init(stage: RunStage, code: ArticleErrorCode) {
        self.stage = stage
        self.code = code
    }

    public var description: String { "\(stage.rawValue): \(code)" }
}
