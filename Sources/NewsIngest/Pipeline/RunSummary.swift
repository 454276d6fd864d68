import Foundation

/// Counts of one run, and the exit code they mean.
public struct RunSummary: Sendable, Equatable {
    public var feeds = 0
    public var feedsFailed = 0
    public var discovered = 0
    public var fetched = 0
    public var written = 0
    public var unchanged = 0
    /// Near-duplicates written with `duplicate_of` (policy "flag") or not written ("drop").
    public var duplicatesFlagged = 0
    public var duplicatesDropped = 0
    public var failed = 0
    /// URLs not fetched or not processed on purpose: disallowed by robots.txt, not HTML.
    public var skipped = 0
    /// Backfill items an earlier run of the same job had finished: not done again.
    public var alreadyDone = 0
    public var interrupted = false
    /// Failures by stage and code.
    public var failures: [ArticleErrorKey: Int] = [:]
    /// Skips by stage and code.
    public var skips: [ArticleErrorKey: Int] = [:]
    /// The same outcomes by source id ("" for articles no source names: a backfill without
    /// `--source`), for the metrics file and `stats`.
    public var sources: [String: SourceTally] = [:]
    /// HTTP transfers (feeds, sitemaps, robots.txt, articles; each retry is one) by status class
    /// ("2xx" … "5xx"; "none" when no response came: a timeout, a refused connection).
    public var http: [String: HTTPTally] = [:]

    public init() {}

    /// What became of one article, counted in the totals and under its source.
    public enum Outcome: Sendable {
        case written, unchanged
        case failed(ArticleErrorKey)
        case skipped(ArticleErrorKey)
    }

    public mutating func count(_ outcome: Outcome, source: String?) {
        let source = source ?? ""
        switch outcome {
        case .written:
            written += 1
            sources[source, default: SourceTally()].written += 1
        case .unchanged:
            unchanged += 1
            sources[source, default: SourceTally()].unchanged += 1
        case .failed(let key):
            failed += 1
            failures[key, default: 0] += 1
            sources[source, default: SourceTally()].failed += 1
            sources[source, default: SourceTally()].failures[key, default: 0] += 1
        case .skipped(let key):
            skipped += 1
            skips[key, default: 0] += 1
            sources[source, default: SourceTally()].skipped += 1
            sources[source, default: SourceTally()].skips[key, default: 0] += 1
        }
    }

    /// A feed, sitemap or home page read (`failed`: it could not be used; `notModified`: it
    /// answered 304 to a conditional GET).
    public mutating func countFeed(source: String, failed: Bool, notModified: Bool = false) {
        feeds += 1
        sources[source, default: SourceTally()].feeds += 1
        if failed {
            feedsFailed += 1
            sources[source, default: SourceTally()].feedsFailed += 1
        }
        if notModified { sources[source, default: SourceTally()].feedsNotModified += 1 }
    }

    /// One HTTP transfer's answer: its status (0 without one) and decoded body bytes.
    public mutating func countTransfer(status: Int, bytes: Int) {
        let statusClass = (100..<600).contains(status) ? "\(status / 100)xx" : "none"
        http[statusClass, default: HTTPTally()].requests += 1
        http[statusClass, default: HTTPTally()].bytes += bytes
    }

    /// Failures by "stage: code" ("fetch: timeout"), for the log.
    public var failureReasons: [String: Int] {
        Dictionary(failures.map { ("\($0.key)", $0.value) }, uniquingKeysWith: +)
    }

    /// Skips by code ("robots_disallowed"), for the log: a skip is a decision, wherever it is taken.
    public var skipReasons: [String: Int] {
        Dictionary(skips.map { ("\($0.key.code)", $0.value) }, uniquingKeysWith: +)
    }

    /// One line for cron mail and logs.
    public var line: String {
        var text =
            "feeds=\(feeds) feeds_failed=\(feedsFailed) discovered=\(discovered) fetched=\(fetched) "
            + "written=\(written) unchanged=\(unchanged) failed=\(failed) skipped=\(skipped) "
            + "near_duplicates=\(duplicatesFlagged + duplicatesDropped)"
        if alreadyDone > 0 { text += " already_done=\(alreadyDone)" }
        if interrupted { text += " interrupted=yes" }
        return text
    }

    public var exitCode: ExitStatus {
        if interrupted { return .interrupted }
        if failed > 0 || feedsFailed > 0 { return .partialFailure }
        return .success
    }
}

/// One source's share of a run.
public struct SourceTally: Sendable, Equatable {
    public var written = 0
    public var unchanged = 0
    public var failed = 0
    public var skipped = 0
    public var feeds = 0
    public var feedsFailed = 0
    public var feedsNotModified = 0
    /// Failures another try may end otherwise (timeouts, 5xx, an unreachable robots.txt).
    public var passingFailures = 0
    public var failures: [ArticleErrorKey: Int] = [:]
    public var skips: [ArticleErrorKey: Int] = [:]

    public init() {}
}

/// HTTP transfers of one status class.
public struct HTTPTally: Sendable, Equatable {
    public var requests = 0
    /// Body bytes received, after gzip/deflate/brotli decoding.
    public var bytes = 0

    public init() {}
}

/// The documented exit codes of `newsingest`.
public enum ExitStatus: Int32, Sendable {
    /// Everything fetched was handled.
    case success = 0
    /// The run finished but some feeds or articles failed (they are logged and counted).
    case partialFailure = 1
    /// Bad command-line usage.
    case usage = 64
    /// Input data could not be read (`extract` of a missing or unreadable file).
    case dataError = 65
    /// The spool or the state database could not be written: nothing more can be delivered.
    case ioError = 74
    /// Another run holds the state directory's lock; try again later.
    case lockHeld = 75
    /// The configuration is invalid.
    case configError = 78
    /// Stopped by SIGINT or SIGTERM; records already in `new/` are complete.
    case interrupted = 130
}

/// Thread-safe accumulation of a ``RunSummary`` by the stages.
final class SummaryCounter: Sendable {
    private let summary = Locked(RunSummary())

    func update(_ body: (inout RunSummary) -> Void) { summary.withLock(body) }

    /// Counts an article that yields no record, as a failure or a skip by its disposition.
    func count(_ error: ArticleError, source: String?) {
        count(ArticleErrorKey(stage: error.stage, code: error.code), error.disposition, source: source)
        if error.passing, error.disposition == .failed {
            update { $0.sources[source ?? "", default: SourceTally()].passingFailures += 1 }
        }
    }

    /// Counts what is not one article's (an archive file that cannot be read or framed).
    func count(_ key: ArticleErrorKey, _ disposition: ArticleError.Disposition, source: String?) {
        update {
            switch disposition {
            case .failed: $0.count(.failed(key), source: source)
            case .skipped: $0.count(.skipped(key), source: source)
            }
        }
    }

    var value: RunSummary { summary.current }
}
