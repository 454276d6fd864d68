import TestSupport
import XCTest

@testable import NewsIngest

final class MetricsFileTests: XCTestCase {
    func testEachCommandWritesItsOwnFileBesideTheConfiguredOne() {
        XCTAssertEqual(MetricsFile.path("/m/newsingest.prom", command: "run"), "/m/newsingest.prom")
        XCTAssertEqual(MetricsFile.path("/m/newsingest.prom", command: "deliver"), "/m/newsingest-deliver.prom")
        XCTAssertEqual(MetricsFile.path("/m/news", command: "backfill"), "/m/news-backfill")
    }

    func testTheFileListsFamiliesAndSamplesInOrderAndReplacesTheOldOneWhole() throws {
        var summary = RunSummary()
        summary.count(.written, source: "b")
        summary.count(.written, source: "a")
        summary.count(.failed(ArticleErrorKey(stage: .clean, code: .noArticle(.tooShort))), source: "a")
        summary.countTransfer(status: 200, bytes: 1000)
        summary.countTransfer(status: 0, bytes: 0)
        let report = MetricsReport(
            command: "run", started: Date(timeIntervalSince1970: 100), finished: Date(timeIntervalSince1970: 102),
            exitCode: 1, summary: summary, lastSuccess: Date(timeIntervalSince1970: 102), backlogRecords: 3)
        let text = MetricsFile.render(report)
        XCTAssertEqual(text, MetricsFile.render(report), "the same report reads the same way")
        XCTAssertTrue(
            text.contains(
                "newsingest_article_failures{command=\"run\",source=\"a\",stage=\"clean\",reason=\"too_short\"} 1"),
            text)
        XCTAssertTrue(text.contains("newsingest_http_requests{command=\"run\",status_class=\"none\"} 1"), text)
        XCTAssertTrue(text.contains("newsingest_run_duration_seconds{command=\"run\"} 2"), text)
        let names = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE") }.map { $0.split(separator: " ")[2] }
        XCTAssertEqual(names, names.sorted())
        let articles = text.split(separator: "\n").filter { $0.hasPrefix("newsingest_articles{") }
        XCTAssertEqual(articles, articles.sorted())
        XCTAssertEqual(articles.count, 8, "four outcomes for each of two sources")

        let dir = Repository.temporaryDirectory()
        try "old".write(toFile: dir + "/n.prom", atomically: true, encoding: .utf8)
        try MetricsFile.write(report, to: dir + "/n.prom")
        XCTAssertEqual(try String(contentsOfFile: dir + "/n.prom", encoding: .utf8), text)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["n.prom"])
        XCTAssertThrowsError(try MetricsFile.write(report, to: "/proc/nope/n.prom"))
    }
}
