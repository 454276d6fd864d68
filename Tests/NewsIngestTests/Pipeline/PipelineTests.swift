import Logging
import TestSupport
import XCTest

@testable import NewsIngest

final class PipelineTests: XCTestCase {
    private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    private func makePipeline(server: TestServer, dir: String, sources: [SourceConfig]? = nil) throws -> Pipeline {
        var config = Configuration()
        config.run.spoolDir = dir + "/spool"
        config.run.stateDir = dir + "/state"
        config.pipeline.queueCapacity = 2  // small hand-offs: every stage blocks now and then
        config.sources = sources ?? [
            SourceConfig(id: "demo", feed: server.url("/rss.xml")),
            SourceConfig(id: "demo-asia", feed: server.url("/atom.xml")),
        ]
        return Pipeline(
            configuration: config, state: try StateStore(directory: config.run.stateDir),
            spool: try SpoolWriter(directory: config.run.spoolDir), logger: logger)
    }

    /// The whole demo site through the pipeline: one clean record per article.
    func testDemoSiteEndToEnd() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let summary = try makePipeline(server: server, dir: dir).run(cancellation: CancellationFlag())
        let expected = try DemoArticle.all()
        XCTAssertEqual(summary.feeds, 2)
        XCTAssertEqual(summary.written, expected.count)
        XCTAssertEqual(summary.failed, 0)
        XCTAssertEqual(summary.exitCode, .success)

        let records = try SpoolReader(directory: dir + "/spool").records()
        XCTAssertEqual(records.count, expected.count)
        XCTAssertEqual(Set(records.map(\.id)).count, records.count)
        for record in records {
            let slug = String(try XCTUnwrap(record.canonicalURL).dropFirst(server.baseURL.count + 1).dropLast(5))
            let demo = try XCTUnwrap(expected[slug], slug)
            XCTAssertEqual(record.language, demo.lang, slug)
            XCTAssertEqual(record.title, demo.title, slug)
            XCTAssertEqual(record.paragraphs, demo.paragraphs, slug)
            XCTAssertEqual(record.duplicatesRemoved, demo.repeated, slug)
            XCTAssertEqual(record.publishedAt, demo.published, slug)
            XCTAssertEqual(record.authors, [demo.author], slug)
            XCTAssertEqual(record.revision, 1)
            XCTAssertEqual(Set(record.paragraphs).count, record.paragraphs.count, "\(slug) repeats a paragraph")
            for furniture in ["Comments (", "Komentar", "Bình luận", "Read more", "Baca juga", "Xem thêm", "Читайте также", "相关新闻",
                "اقرأ أيضا", "cookie", "©", "Subscribe", "Advertisement", "Facebook"]
            {
                XCTAssertFalse(record.text.contains(furniture), "\(slug) has '\(furniture)' in its body")
            }
            XCTAssertNotNil(record.source)
        }
    }

    func testSecondRunOverUnchangedFeedsWritesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let first = try makePipeline(server: server, dir: dir).run(cancellation: CancellationFlag())
        XCTAssertGreaterThan(first.written, 0)
        let second = try makePipeline(server: server, dir: dir).run(cancellation: CancellationFlag())
        XCTAssertEqual(second.written, 0)
        XCTAssertEqual(second.unchanged, first.written)
        XCTAssertEqual(second.fetched, 0, "conditional GETs answered 304: nothing was downloaded again")
        XCTAssertEqual(SpoolReader(directory: dir + "/spool").newPaths().count, first.written)
    }

    func testChangedArticleGetsANewRevisionWithTheSameID() throws {
        let site = Repository.temporaryDirectory("site")
        try FileManager.default.removeItem(atPath: site)
        try FileManager.default.copyItem(atPath: Repository.path("samples/site"), toPath: site)
        let server = try TestServer(root: site)
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let sources = [SourceConfig(id: "demo", feed: server.url("/rss.xml"))]
        _ = try makePipeline(server: server, dir: dir, sources: sources).run(cancellation: CancellationFlag())
        let before = try SpoolReader(directory: dir + "/spool").records()

        let page = site + "/en/rail-line-reopens.html"
        let html = try String(contentsOfFile: page, encoding: .utf8)
        try html.replacingOccurrences(of: "The work cost 62 million pounds.", with: "The work cost 64 million pounds, the operator said on Tuesday.")
            .write(toFile: page, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: page)

        let summary = try makePipeline(server: server, dir: dir, sources: sources).run(cancellation: CancellationFlag())
        XCTAssertEqual(summary.written, 1)
        let after = try SpoolReader(directory: dir + "/spool").records()
        XCTAssertEqual(after.count, before.count + 1)
        let old = try XCTUnwrap(before.first { $0.url?.hasSuffix("rail-line-reopens.html") == true })
        let new = try XCTUnwrap(after.first { $0.revision == 2 })
        XCTAssertEqual(new.id, old.id)
        XCTAssertNotEqual(new.contentHash, old.contentHash)
        XCTAssertTrue(new.text.contains("64 million pounds"))
    }

    func testFailedArticlesAreCountedAndTheRunGoesOn() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let pipeline = try makePipeline(server: server, dir: dir)
        let requests = [
            "/en/flood-barrier-approved.html", "/missing.html", "/__test/status/500", "/__test/redirect-loop", "/index.html",
            "/zh/hangzhou-laji-fenlei.html", "/__test/gzip-bomb?mb=64",
        ].map { ArticleRequest(url: server.url($0)) } + [ArticleRequest(url: "ftp://127.0.0.1/x")]
        let summary = try pipeline.backfill(requests, cancellation: CancellationFlag())
        XCTAssertEqual(summary.written, 2)
        XCTAssertEqual(summary.failed, 6)
        XCTAssertEqual(summary.exitCode, .partialFailure)
        XCTAssertEqual(summary.failureReasons["fetch: http_status"], 2)
        XCTAssertEqual(summary.failureReasons["clean: no_content"], 1, "the index page has no article")
        XCTAssertEqual(SpoolReader(directory: dir + "/spool").newPaths().count, 2)
    }

    func testUnreachableFeedIsAFeedFailure() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let sources = [
            SourceConfig(id: "ok", feed: server.url("/atom.xml")), SourceConfig(id: "gone", feed: server.url("/nope.xml")),
            SourceConfig(id: "html", feed: server.url("/index.html")),
        ]
        let summary = try makePipeline(server: server, dir: dir, sources: sources).run(cancellation: CancellationFlag())
        XCTAssertEqual(summary.feeds, 3)
        XCTAssertEqual(summary.feedsFailed, 2)
        XCTAssertEqual(summary.written, 7)
        XCTAssertEqual(summary.exitCode, .partialFailure)
    }

    func testCancelledRunStartsNothingAndSaysSo() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let cancellation = CancellationFlag()
        cancellation.cancel()
        let summary = try makePipeline(server: server, dir: dir).backfill([ArticleRequest(url: server.url("/en/rail-line-reopens.html"))], cancellation: cancellation)
        XCTAssertTrue(summary.interrupted)
        XCTAssertEqual(summary.written, 0)
        XCTAssertEqual(summary.exitCode, .interrupted)
    }

    func testSpoolFailureStopsTheRun() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let pipeline = try makePipeline(server: server, dir: dir)
        try FileManager.default.removeItem(atPath: dir + "/spool/new")
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/spool/new", contents: Data()))  // rename into new/ now fails
        XCTAssertThrowsError(try pipeline.run(cancellation: CancellationFlag())) { error in
            XCTAssertTrue(error is SpoolError, "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/spool/tmp"), [], "no partial record is left behind")
    }
}
