import Foundation
import Logging
import TestSupport
import XCTest

@testable import NewsIngest

final class ExtractorTests: XCTestCase {
    private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Pages that give no article, each for its own reason.
    private let pagesWithoutArticle: [(name: String, html: String, reason: NoArticleReason)] = [
        ("short", "<html><body><article><p>Open daily, 9 to 5.</p></article></body></html>", .tooShort),
        (
            "empty", "<html><head><title>Nothing</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
            .noContent
        ),
    ]

    /// `extract` and a run take a page through one chain: for every page, the run delivers
    /// exactly the record `extract` prints (apart from `fetched_at`), and a page `extract`
    /// marks as holding no article is one the run fails, with the same reason.
    func testExtractGivesTheRecordsARunDelivers() throws {
        let dir = Repository.temporaryDirectory()
        var warc = WARCBuilder()
        var bodies: [String: [UInt8]] = [:]
        for (slug, _) in try DemoArticle.all().sorted(by: { $0.key < $1.key }).prefix(5) {
            let path = Repository.path("samples/site/\(slug).html")
            bodies["https://archive.example.invalid/\(slug).html"] = try [UInt8](
                Data(contentsOf: URL(fileURLWithPath: path)))
        }
        for page in pagesWithoutArticle {
            bodies["https://archive.example.invalid/\(page.name).html"] = Array(page.html.utf8)
        }
        for (uri, body) in bodies.sorted(by: { $0.key < $1.key }) { warc.response(uri: uri, body: body) }
        try warc.write(to: dir + "/pages.warc", gzipPerRecord: false)

        var config = Configuration()
        config.run.spoolDir = dir + "/spool"
        config.run.stateDir = dir + "/state"
        let pipeline = Pipeline(
            configuration: config, state: try StateStore(directory: config.run.stateDir),
            spool: try SpoolWriter(directory: config.run.spoolDir), logger: logger)
        let summary = try pipeline.backfill(
            archives: [dir + "/pages.warc"], source: nil, cancellation: CancellationFlag(), checkpoint: nil)
        let delivered = Dictionary(
            uniqueKeysWithValues: try SpoolReader(directory: config.run.spoolDir).records().map { ($0.url ?? "", $0) })

        let extractor = Extractor()
        var withoutArticle: [String: Int] = [:]
        for (uri, body) in bodies {
            var printed = try extractor.extract(bytes: body, format: .html, url: uri)
            if let reason = printed.noContent {
                XCTAssertEqual(printed.text, "", "\(uri): a page without an article has no body")
                XCTAssertNil(delivered[uri], "\(uri): a run delivers no record for it")
                withoutArticle["clean: \(reason)", default: 0] += 1
                continue
            }
            var record = try XCTUnwrap(delivered[uri], "\(uri): the run delivered it")
            (printed.fetchedAt, record.fetchedAt) = ("", "")
            XCTAssertEqual(try printed.jsonData(), try record.jsonData(), uri)
        }
        XCTAssertEqual(delivered.count, 5)
        XCTAssertEqual(withoutArticle, ["clean: too_short": 1, "clean: no_content": 1])
        XCTAssertEqual(summary.failureReasons, withoutArticle, "the run fails the same pages for the same reasons")
    }

    /// A page without an article still gives `extract` a record (the title, the dates, the
    /// reason), never its few words as if they were a body.
    func testPageWithoutAnArticleGivesARecordThatSaysWhy() throws {
        for page in pagesWithoutArticle {
            let record = try Extractor().extract(bytes: Array(page.html.utf8), format: .html, url: nil)
            XCTAssertEqual(record.noContent, page.reason.rawValue, page.name)
            XCTAssertEqual(record.text, "", page.name)
            XCTAssertEqual(record.wordCount, 0, page.name)
        }
    }

    /// A page that cannot be read throws its cleaner's error, as before the chain.
    func testUnreadablePageThrowsTheCleanersError() {
        XCTAssertThrowsError(try Extractor().extract(bytes: [], format: .html, url: nil)) { error in
            XCTAssertEqual((error as? CleanError)?.reason, .empty)
        }
    }
}
