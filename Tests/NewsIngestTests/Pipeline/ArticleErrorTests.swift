import XCTest

@testable import NewsIngest

final class ArticleErrorTests: XCTestCase {
    /// Decisions are skips (they do not make a run partial); everything else is a failure.
    func testTheCodeDecidesTheDisposition() {
        let skips: [ArticleErrorCode] = [
            .fetch(.robotsDisallowed), .fetch(.notHTML), .noArticle(.indexPage), .archivedStatus(statusClass: 4),
            .crashed,
        ]
        let failures: [ArticleErrorCode] = [
            .fetch(.timeout), .fetch(.httpStatus), .fetch(.robotsUnreachable), .unreadable(.charset),
            .noArticle(.noContent), .noArticle(.tooShort), .noArticle(.consentWall), .noArticle(.errorPage),
            .archive(.badRecord), .timeBudget, .unexpected,
        ]
        for code in skips { XCTAssertEqual(code.disposition, .skipped, "\(code)") }
        for code in failures { XCTAssertEqual(code.disposition, .failed, "\(code)") }
    }

    /// The names in summaries and logs are the ones the run has always printed.
    func testCodesAreNamedAsTheSummaryPrintsThem() {
        XCTAssertEqual("\(ArticleErrorCode.fetch(.httpStatus))", "http_status")
        XCTAssertEqual("\(ArticleErrorCode.noArticle(.tooShort))", "too_short")
        XCTAssertEqual("\(ArticleErrorCode.archivedStatus(statusClass: 5))", "archived_status_5xx")
        XCTAssertEqual("\(ArticleErrorCode.archive(.bodyTooLarge))", "body_too_large")
        XCTAssertEqual(
            "\(ArticleErrorKey(stage: .siteBoilerplate, code: .timeBudget))", "site-boilerplate: time_budget")
    }

    /// The summary counts by (stage, code); its string views are derived, never parsed.
    func testTheSummaryCountsByStageAndCode() {
        let counter = SummaryCounter()
        counter.count(
            ArticleError(code: .fetch(.timeout), stage: .fetch, url: "https://a.example/1", passing: true), source: "a")
        counter.count(ArticleError(code: .fetch(.timeout), stage: .fetch, url: "https://a.example/2"), source: "a")
        counter.count(ArticleError(code: .noArticle(.tooShort), stage: .clean, url: "https://a.example/3"), source: "b")
        counter.count(ArticleError(code: .fetch(.notHTML), stage: .fetch, url: "https://a.example/4"), source: "b")
        counter.count(ArticleError(code: .fetch(.notHTML), stage: .archive, url: "warc#5"), source: nil)
        let summary = counter.value
        XCTAssertEqual(summary.failed, 3)
        XCTAssertEqual(summary.skipped, 2)
        XCTAssertEqual(summary.failures[ArticleErrorKey(stage: .fetch, code: .fetch(.timeout))], 2)
        XCTAssertEqual(summary.failureReasons, ["fetch: timeout": 2, "clean: too_short": 1])
        XCTAssertEqual(summary.skipReasons, ["not_html": 2], "a skip is named by its code wherever it is taken")
        // The same counts by source; "" stands for articles no source names.
        XCTAssertEqual(summary.sources["a"]?.failed, 2)
        XCTAssertEqual(summary.sources["a"]?.failures[ArticleErrorKey(stage: .fetch, code: .fetch(.timeout))], 2)
        XCTAssertEqual(summary.sources["b"]?.failed, 1)
        XCTAssertEqual(summary.sources["b"]?.skipped, 1)
        XCTAssertEqual(summary.sources[""]?.skipped, 1)
        XCTAssertEqual(summary.sources.values.map(\.failed).reduce(0, +), summary.failed)
    }

    /// The log's reason is the cause's own words when there is one.
    func testTheReasonIsTheCauseWhenThereIsOne() {
        let cause = FetchError(code: .httpStatus, url: "https://a.example/x", detail: "HTTP 404", status: 404)
        let error = ArticleError(code: .fetch(.httpStatus), stage: .fetch, url: cause.url, cause: cause)
        XCTAssertEqual(error.reason, "http_status: HTTP 404 (https://a.example/x)")
        XCTAssertEqual(ArticleError(code: .crashed, stage: .fetch, url: "u").reason, "crashed")
    }
}
