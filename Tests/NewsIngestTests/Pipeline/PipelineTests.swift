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
        config.fetch.allowAddresses = ["127.0.0.1"]  // the loopback test server
        config.fetch.perHostDelaySeconds = 0  // one origin serves every test page
        config.fetch.perHostConcurrency = 8
        config.fetch.retryBaseDelaySeconds = 0.05
        config.sources =
            sources ?? [
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
            for furniture in [
                "Comments (", "Komentar", "Bình luận", "Read more", "Baca juga", "Xem thêm", "Читайте также", "相关新闻",
                "اقرأ أيضا", "cookie", "©", "Subscribe", "Advertisement", "Facebook",
            ] {
                XCTAssertFalse(record.text.contains(furniture), "\(slug) has '\(furniture)' in its body")
            }
            XCTAssertNotNil(record.source)
            XCTAssertEqual(record.paragraphLanguages, Array(repeating: demo.lang, count: record.paragraphCount), slug)
            XCTAssertEqual(record.boilerplateRemoved, 0, slug)
            if demo.wire == nil {
                XCTAssertNil(record.duplicateOf, "\(slug) is no one's copy")
            }
        }
        // The agency story on three pages: one original, two copies that point to it.
        let wire = records.filter { record in
            expected.first { record.canonicalURL!.hasSuffix($0.key + ".html") }?.value.wire != nil
        }
        XCTAssertEqual(wire.count, 3)
        let originals = wire.filter { $0.duplicateOf == nil }
        XCTAssertEqual(originals.count, 1)
        for copy in wire where copy.duplicateOf != nil {
            XCTAssertEqual(copy.duplicateOf, originals.first?.id)
            XCTAssertGreaterThanOrEqual(copy.similarity ?? 0, 0.5)
        }
        XCTAssertEqual(summary.duplicatesFlagged, 2)
    }

    func testSecondRunOverUnchangedFeedsWritesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let first = try makePipeline(server: server, dir: dir).run(cancellation: CancellationFlag())
        XCTAssertGreaterThan(first.written, 0)
        let second = try makePipeline(server: server, dir: dir).run(cancellation: CancellationFlag())
        XCTAssertEqual(second.written, 0)
        XCTAssertEqual(second.feeds, first.feeds)
        XCTAssertEqual(second.discovered, 0, "the feeds answered 304 to conditional GETs: they list nothing new")
        XCTAssertEqual(second.fetched, 0, "nothing was downloaded again")
        XCTAssertEqual(second.sources.values.map(\.feedsNotModified).reduce(0, +), first.feeds)
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
        try html.replacingOccurrences(
            of: "The work cost 62 million pounds.",
            with: "The work cost 64 million pounds, the operator said on Tuesday."
        )
        .write(toFile: page, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: page)
        // The site updates its feed with the article (a new <lastBuildDate>, an edited item): the
        // feed's conditional GET answers 200 again and lists the article for a revisit.
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: site + "/rss.xml")

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

    /// One article under several URLs (tracking parameters, an AMP twin) is one record.
    func testOneArticleUnderManyURLsIsOneRecord() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let urls = [
            "/en/rail-line-reopens.html?utm_source=newsletter&utm_medium=email&fbclid=abc",
            "/en/rail-line-reopens.html",
            "/en/rail-line-reopens.amp.html", "/en/rail-line-reopens.html?gclid=1#comments",
        ]
        let pipeline = try makePipeline(server: server, dir: dir)
        var config = pipeline.configuration
        config.fetch.concurrency = 1  // in order, so the first URL is the one written
        let ordered = Pipeline(
            configuration: config, state: try StateStore(directory: dir + "/state"),
            spool: try SpoolWriter(directory: dir + "/spool"), logger: logger)
        let summary = try ordered.backfill(
            urls.map { ArticleRequest(url: server.url($0)) }, cancellation: CancellationFlag())
        XCTAssertEqual(summary.written, 1)
        XCTAssertEqual(summary.unchanged, 3)
        let records = try SpoolReader(directory: dir + "/spool").records()
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(records.first?.canonicalURL, server.url("/en/rail-line-reopens.html"))
        XCTAssertEqual(
            records.first?.id, ArticleIdentity.recordID(canonicalURL: server.url("/en/rail-line-reopens.html")))
    }

    /// Syndicated copies are dropped under the "drop" policy, and counted.
    func testDropPolicySkipsNearDuplicates() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        var config = try makePipeline(server: server, dir: dir).configuration
        config.dedupe.duplicatePolicy = .drop
        // The first copy to reach the filter is kept. One fetch and one worker per stage keep arrival in request
        // order; with two clean workers a slower sanitizer build once let the second copy overtake the first.
        config.fetch.concurrency = 1
        config.pipeline.cleanWorkers = 1
        config.pipeline.normalizeWorkers = 1
        let pipeline = Pipeline(
            configuration: config, state: try StateStore(directory: dir + "/state"),
            spool: try SpoolWriter(directory: dir + "/spool"), logger: logger)
        let slugs = [
            "en/ternate-volcano-erupts", "en/ternate-eruption-airport-closed", "en/ternate-villages-evacuated",
            "en/flood-barrier-approved",
        ]
        let summary = try pipeline.backfill(
            slugs.map { ArticleRequest(url: server.url("/\($0).html")) }, cancellation: CancellationFlag())
        XCTAssertEqual(summary.written, 2)
        XCTAssertEqual(summary.duplicatesDropped, 2)
        XCTAssertEqual(summary.exitCode, .success)
        let written = try SpoolReader(directory: dir + "/spool").records().compactMap(\.canonicalURL).sorted()
        XCTAssertEqual(
            written, [server.url("/en/flood-barrier-approved.html"), server.url("/en/ternate-volcano-erupts.html")])
    }

    /// A site whose every article ends with the same paragraph: learned, then dropped.
    func testSiteBoilerplateLearnedAcrossArticles() throws {
        let site = Repository.temporaryDirectory("boilerplate-site")
        let footer = "Download our app to get breaking news alerts from the Harbour Ledger on your phone."
        var urls: [String] = []
        for n in 1...8 {
            let page = """
                <html lang="en"><head><title>Story \(n)</title></head><body><article><h1>Story \(n)</h1>
                <p>Story number \(n) starts with a paragraph of its own that no other story on this site contains.</p>
                <p>A second paragraph adds details that belong to story \(n) only, with figures and names.</p>
                <p>\(footer)</p></article></body></html>
                """
            try page.write(toFile: site + "/story\(n).html", atomically: true, encoding: .utf8)
            urls.append("/story\(n).html")
        }
        let server = try TestServer(root: site)
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        var config = try makePipeline(server: server, dir: dir).configuration
        config.fetch.concurrency = 1
        config.dedupe.siteBoilerplateMinArticles = 3
        let pipeline = Pipeline(
            configuration: config, state: try StateStore(directory: dir + "/state"),
            spool: try SpoolWriter(directory: dir + "/spool"), logger: logger)
        let summary = try pipeline.backfill(
            urls.map { ArticleRequest(url: server.url($0)) }, cancellation: CancellationFlag())
        XCTAssertEqual(summary.written, 8)
        let records = try SpoolReader(directory: dir + "/spool").records()
        let withFooter = records.filter { $0.text.contains(footer) }
        XCTAssertEqual(withFooter.count, 3, "only the first three articles, before the rule was learned")
        XCTAssertEqual(records.filter { $0.boilerplateRemoved == 1 }.count, 5)
    }

    func testFailedArticlesAreCountedAndTheRunGoesOn() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let pipeline = try makePipeline(server: server, dir: dir)
        let requests =
            [
                "/en/flood-barrier-approved.html", "/missing.html", "/__test/status/500", "/__test/redirect-loop",
                "/index.html",
                "/zh/hangzhou-laji-fenlei.html", "/__test/gzip-bomb?mb=64",
            ].map { ArticleRequest(url: server.url($0)) } + [ArticleRequest(url: "ftp://127.0.0.1/x")]
        let summary = try pipeline.backfill(requests, cancellation: CancellationFlag())
        XCTAssertEqual(summary.written, 2)
        XCTAssertEqual(summary.failed, 6)
        XCTAssertEqual(summary.exitCode, .partialFailure)
        XCTAssertEqual(summary.failureReasons["fetch: http_status"], 2)
        XCTAssertEqual(summary.failureReasons["clean: no_content"], 1, "the index page has no article")
        // Counted by stage and code, not by strings.
        XCTAssertEqual(summary.failures[ArticleErrorKey(stage: .fetch, code: .fetch(.httpStatus))], 2)
        XCTAssertEqual(summary.failures[ArticleErrorKey(stage: .clean, code: .noArticle(.noContent))], 1)
        XCTAssertEqual(summary.failures.values.reduce(0, +), summary.failed)
        XCTAssertEqual(SpoolReader(directory: dir + "/spool").newPaths().count, 2)
    }

    /// A section front page that declares itself one is rightly not an article: a skip, like a
    /// PDF, and the run still exits 0. A page that should hold an article and yields none
    /// (the demo's index, which declares nothing) stays a failure.
    func testDeclaredIndexPagesAreSkipsNotFailures() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let pipeline = try makePipeline(server: server, dir: dir)
        let section = [
            ArticleRequest(url: server.url("/en/flood-barrier-approved.html")),
            ArticleRequest(url: server.url("/__test/section")),
        ]
        let summary = try pipeline.backfill(section, cancellation: CancellationFlag())
        XCTAssertEqual(summary.written, 1)
        XCTAssertEqual(summary.failed, 0, "\(summary.failureReasons)")
        XCTAssertEqual(summary.skipped, 1)
        XCTAssertEqual(summary.skipReasons["index_page"], 1)
        XCTAssertEqual(summary.exitCode, .success)
        let undeclared = try pipeline.backfill(
            [ArticleRequest(url: server.url("/index.html"))], cancellation: CancellationFlag())
        XCTAssertEqual(undeclared.failureReasons["clean: no_content"], 1)
        XCTAssertEqual(undeclared.exitCode, .partialFailure)
    }

    /// Every misbehaviour the test server can put on, in one backfill between good articles:
    /// each ends as it should, and every good article still arrives.
    func testEveryMisbehaviourFailsAloneAndTheGoodArticlesArrive() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        var config = Configuration()
        config.run.spoolDir = dir + "/spool"
        config.run.stateDir = dir + "/state"
        config.fetch.allowAddresses = ["127.0.0.1"]
        config.fetch.perHostDelaySeconds = 0
        config.fetch.perHostConcurrency = 16
        config.fetch.concurrency = 16
        config.fetch.timeoutSeconds = 4
        config.fetch.lowSpeedLimitBytes = 100
        config.fetch.lowSpeedTimeSeconds = 2
        config.fetch.maxBodyBytes = 2 * 1024 * 1024
        config.fetch.retryBaseDelaySeconds = 0.05
        config.fetch.maxRetries = 2
        let pipeline = Pipeline(
            configuration: config, state: try StateStore(directory: config.run.stateDir),
            spool: try SpoolWriter(directory: config.run.spoolDir), logger: logger)
        let good = try DemoArticle.all().keys.sorted().map { server.url("/\($0).html") }
        let tag = UUID().uuidString
        let bad: [(String, String)] = [
            // A trickle, cut by the low-speed limit.
            (server.url("/__test/slow?bytes=100&delay=1&t=\(tag)"), "fetch: timeout"),
            (server.url("/__test/big?bytes=5000000&t=\(tag)"), "fetch: body_too_large"),  // endless-looking body
            (server.url("/__test/gzip-bomb?mb=64&t=\(tag)"), "fetch: body_too_large"),
            (server.url("/__test/redirect-loop?t=\(tag)"), "fetch: too_many_redirects"),
            (server.url("/__test/redirect-to?url=http://127.0.0.2:\(server.port)/&t=\(tag)"), "fetch: blocked_address"),
            (
                server.url("/__test/redirect-to?url=http://169.254.169.254/latest/meta-data/&t=\(tag)"),
                "fetch: blocked_address"
            ),
            (server.url("/__test/status/503?t=\(tag)"), "fetch: http_status"),
        ]
        // These recover or are skipped, and are not failures.
        let recovering = [
            server.url("/__test/flaky?t=\(tag)"), server.url("/__test/retry-after?seconds=1&times=1&t=\(tag)"),
        ]
        let skipped = [
            server.url("/private/x.html", host: "robots-private"),
            server.url("/__test/typed?type=application/pdf&t=\(tag)"),
        ]
        var urls = good
        for (index, url) in (bad.map(\.0) + recovering + skipped).enumerated() {
            urls.insert(url, at: min(urls.count, index * 2))
        }
        let summary = try pipeline.backfill(urls.map { ArticleRequest(url: $0) }, cancellation: CancellationFlag())

        XCTAssertEqual(summary.skipped, 2, "\(summary.skipReasons)")
        XCTAssertEqual(summary.failed, bad.count, "\(summary.failureReasons)")
        var expected: [String: Int] = [:]
        for (_, reason) in bad { expected[reason, default: 0] += 1 }
        XCTAssertEqual(summary.failureReasons, expected)
        // The two recovering pages are small articles; every demo article is there.
        let records = try SpoolReader(directory: dir + "/spool").records()
        let urlsWritten = Set(records.compactMap(\.url))
        for url in good { XCTAssertTrue(urlsWritten.contains(url), url) }
        XCTAssertEqual(summary.exitCode, .partialFailure)
    }

    /// A page declared in one charset and sent in another (the header lies) arrives readable.
    func testLyingCharsetArrivesWithoutMojibake() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let summary = try makePipeline(server: server, dir: dir).backfill(
            [ArticleRequest(url: server.url("/__test/charset?declared=utf-8"))], cancellation: CancellationFlag())
        XCTAssertEqual(summary.written, 1, "\(summary.failureReasons)")
        let record = try XCTUnwrap(try SpoolReader(directory: dir + "/spool").records().first)
        XCTAssertTrue(record.text.contains("small café crème article"), record.text)
        XCTAssertFalse(record.text.contains("\u{FFFD}"))
    }

    func testUnreachableFeedIsAFeedFailure() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let sources = [
            SourceConfig(id: "ok", feed: server.url("/atom.xml")),
            SourceConfig(id: "gone", feed: server.url("/nope.xml")),
            SourceConfig(id: "html", feed: server.url("/__test/gzip-article")),  // a page that announces no feed
        ]
        let summary = try makePipeline(server: server, dir: dir, sources: sources).run(cancellation: CancellationFlag())
        XCTAssertEqual(summary.feeds, 3)
        XCTAssertEqual(summary.feedsFailed, 2)
        XCTAssertEqual(summary.written, 7)
        XCTAssertEqual(summary.exitCode, .partialFailure)
    }

    func testSitemapHomepageAndJSONFeedSourcesDiscoverEveryArticle() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let pipeline = try makePipeline(server: server, dir: dir)
        let expected = Set(try DemoArticle.all().keys.map { server.url("/\($0).html") })
        for source in [
            SourceConfig(id: "map", sitemap: server.url("/sitemap.xml")),
            SourceConfig(id: "home", homepage: server.url("/")),
            SourceConfig(id: "json", feed: server.url("/feed.json")),
        ] {
            let counter = SummaryCounterHandle()
            let found = try pipeline.discover(sources: [source], counter: counter)
            XCTAssertEqual(Set(found.map(\.url)), expected, source.id)
            XCTAssertEqual(found.count, expected.count, "\(source.id): each article once")
            XCTAssertEqual(counter.counter.value.feedsFailed, 0, source.id)
        }
        // The index, the gzip sitemap and the news sitemap were read.
        let counter = SummaryCounterHandle()
        _ = try pipeline.discover(
            sources: [SourceConfig(id: "map", sitemap: server.url("/sitemap.xml"))], counter: counter)
        XCTAssertEqual(counter.counter.value.feeds, 3)
    }

    func testDiscoveryDateWindow() throws {
        let server = try TestServer()
        defer { server.stop() }
        let pipeline = try makePipeline(server: server, dir: Repository.temporaryDirectory())
        let articles = try DemoArticle.all()
        let since = DateWindow.parseBound("2026-11-20", endOfDay: false)!
        let until = DateWindow.parseBound("2026-11-21", endOfDay: true)!
        let window = DateWindow(since: since, until: until)
        let found = try pipeline.discover(
            sources: [SourceConfig(id: "json", feed: server.url("/feed.json"))], counter: SummaryCounterHandle(),
            window: window)
        let expected = articles.filter { _, article in
            guard let date = DateParser.parse(article.published)?.date else { return false }
            return date >= since && date <= until
        }.keys.map { server.url("/\($0).html") }
        XCTAssertFalse(expected.isEmpty)
        XCTAssertLessThan(expected.count, articles.count)
        XCTAssertEqual(Set(found.map(\.url)), Set(expected))
    }

    func testHostileFeedsFailAloneAndRobotsSkipsAreNotFailures() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let sources = [
            SourceConfig(id: "ok", feed: server.url("/atom.xml")),
            SourceConfig(id: "bomb", feed: server.url("/__test/bomb-feed")),
            SourceConfig(id: "xxe", feed: server.url("/__test/xxe-feed")),
        ]
        let summary = try makePipeline(server: server, dir: dir, sources: sources).run(cancellation: CancellationFlag())
        XCTAssertEqual(summary.feeds, 3)
        XCTAssertEqual(summary.feedsFailed, 2)
        XCTAssertEqual(summary.written, 7, "the good feed's articles all arrive")
        XCTAssertEqual(summary.exitCode, .partialFailure)

        // robots.txt disallows /private/ on this host: skipped, counted, and the run is a success.
        let backfill = try makePipeline(server: server, dir: Repository.temporaryDirectory()).backfill(
            [
                ArticleRequest(url: server.url("/en/rail-line-reopens.html", host: "robots-private")),
                ArticleRequest(url: server.url("/private/en/rail-line-reopens.html", host: "robots-private")),
                ArticleRequest(url: server.url("/__test/typed?type=application/pdf")),
            ],
            cancellation: CancellationFlag())
        XCTAssertEqual(backfill.written, 1)
        XCTAssertEqual(backfill.skipped, 2)
        XCTAssertEqual(backfill.skipReasons, ["robots_disallowed": 1, "not_html": 1])
        XCTAssertEqual(backfill.exitCode, .success)
    }

    func testInterruptedBackfillResumesWithoutDuplicates() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let articles = try DemoArticle.all().keys.sorted().map { ArticleRequest(url: server.url("/\($0).html")) }
        // Three slow pages hold the run open until it is interrupted.
        let slow = (0..<3).map { ArticleRequest(url: server.url("/__test/slow?bytes=16&delay=0.25&i=\($0)")) }
        let all = articles + slow
        let first = try makePipeline(server: server, dir: dir)
        let checkpoint = try first.checkpoint(for: "urls test-list", restart: false)
        let cancellation = CancellationFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 3) { cancellation.cancel() }
        let interrupted = try first.backfill(all, cancellation: cancellation, checkpoint: checkpoint)
        XCTAssertTrue(interrupted.interrupted)
        XCTAssertEqual(interrupted.written, articles.count, "the quick pages are done before the interruption")
        XCTAssertFalse(checkpoint.isFinished)
        XCTAssertEqual(checkpoint.doneCount, articles.count)

        // Started again with the same job: only the slow pages are fetched.
        let second = try makePipeline(server: server, dir: dir)
        let resumed = try second.backfill(
            all, cancellation: CancellationFlag(),
            checkpoint: try second.checkpoint(for: "urls test-list", restart: false))
        XCTAssertEqual(resumed.alreadyDone, articles.count)
        XCTAssertEqual(resumed.fetched, 3)
        XCTAssertEqual(resumed.written, 0, "the slow pages hold no article")
        XCTAssertEqual(resumed.failureReasons, ["clean: too_short": 3], "the slow pages hold no article")
        XCTAssertEqual(SpoolReader(directory: dir + "/spool").newPaths().count, articles.count, "no record twice")
        let done = try second.checkpoint(for: "urls test-list", restart: false)
        XCTAssertTrue(done.isFinished)
        XCTAssertEqual(done.doneCount, all.count)
        // A restart forgets the job's progress (state still knows the articles: all unchanged).
        let again = try second.backfill(
            articles, cancellation: CancellationFlag(),
            checkpoint: try second.checkpoint(for: "urls test-list", restart: true))
        XCTAssertEqual(again.alreadyDone, 0)
        XCTAssertEqual(again.written, 0)
        XCTAssertEqual(again.unchanged, articles.count)
    }

    func testPassingFailuresKeepTheJobOpen() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let pipeline = try makePipeline(server: server, dir: dir)
        let requests = [
            ArticleRequest(url: server.url("/en/rail-line-reopens.html")),
            ArticleRequest(url: server.url("/__test/status/503")),
            ArticleRequest(url: server.url("/missing.html")),
        ]
        let checkpoint = try pipeline.checkpoint(for: "urls flaky", restart: false)
        let summary = try pipeline.backfill(requests, cancellation: CancellationFlag(), checkpoint: checkpoint)
        XCTAssertEqual(summary.written, 1)
        XCTAssertEqual(summary.failed, 2)
        XCTAssertFalse(checkpoint.isFinished, "the 503 is tried again next time")
        XCTAssertEqual(checkpoint.doneCount, 2, "the article and the 404")
        XCTAssertFalse(checkpoint.isDone(server.url("/__test/status/503")))
    }

    func testWARCBackfillNeedsNoNetworkAndResumes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        var warc = WARCBuilder()
        var expected = 0
        warc.record(
            type: "warcinfo", uri: nil, contentType: "application/warc-fields", block: Array("software: test\r\n".utf8))
        for (slug, _) in try DemoArticle.all().sorted(by: { $0.key < $1.key }).prefix(6) {
            let html = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/site/\(slug).html"))))
            // Archived from a host nobody can reach: nothing may be fetched.
            warc.response(uri: "https://archive.example.invalid/\(slug).html", body: html)
            expected += 1
        }
        warc.response(uri: "https://archive.example.invalid/gone.html", status: 404, body: Array("not found".utf8))
        warc.response(uri: "https://archive.example.invalid/logo.png", contentType: "image/png", body: [0x89, 0x50])
        try warc.write(to: dir + "/news.warc.gz", gzipPerRecord: true)
        var broken = WARCBuilder()
        broken.raw(Array("garbage, not WARC\r\n".utf8))
        try broken.write(to: dir + "/broken.warc", gzipPerRecord: false)

        let pipeline = try makePipeline(server: server, dir: dir)
        let paths = [dir + "/news.warc.gz", dir + "/broken.warc"]
        let checkpoint = try pipeline.checkpoint(for: "warc test", restart: false)
        let summary = try pipeline.backfill(
            archives: paths, source: nil, cancellation: CancellationFlag(), checkpoint: checkpoint)
        XCTAssertEqual(summary.written, expected)
        XCTAssertEqual(summary.skipped, 2, "the 404 and the image")
        XCTAssertEqual(summary.failureReasons["archive: malformed"], 1, "the broken file fails alone")
        XCTAssertEqual(summary.exitCode, .partialFailure)
        let records = try SpoolReader(directory: dir + "/spool").records()
        XCTAssertTrue(records.allSatisfy { $0.url?.hasPrefix("https://archive.example.invalid/") ?? false })

        let again = try pipeline.backfill(
            archives: [dir + "/news.warc.gz"], source: nil, cancellation: CancellationFlag(),
            checkpoint: try pipeline.checkpoint(for: "warc test", restart: false))
        XCTAssertEqual(again.alreadyDone, expected + 2)
        XCTAssertEqual(again.written, 0)
    }

    func testCancelledRunStartsNothingAndSaysSo() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let cancellation = CancellationFlag()
        cancellation.cancel()
        let summary = try makePipeline(server: server, dir: dir).backfill(
            [ArticleRequest(url: server.url("/en/rail-line-reopens.html"))], cancellation: cancellation)
        XCTAssertTrue(summary.interrupted)
        XCTAssertEqual(summary.written, 0)
        XCTAssertEqual(summary.exitCode, .interrupted)
    }

    /// A locked (or full) state database is never an article's fault: the site-boilerplate
    /// stage's write failing used to count the article as failed and mark its backfill item
    /// done, so a resumed backfill lost it for good (../shared/repro, 1 in 4 trials).
    func testLockedStateStopsDeliveryAndLosesNothing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let articles = try DemoArticle.all().keys.sorted().prefix(4)
            .map { ArticleRequest(url: server.url("/\($0).html")) }
        let pipeline = try makePipeline(server: server, dir: dir)
        let checkpoint = try pipeline.checkpoint(for: "urls locked", restart: false)
        let other = try SQLiteDatabase(path: dir + "/state/state.sqlite3")
        try other.execute("BEGIN EXCLUSIVE")
        let locked = { try pipeline.backfill(articles, cancellation: CancellationFlag(), checkpoint: checkpoint) }
        XCTAssertThrowsError(try locked()) { error in
            XCTAssertTrue(error is StateError, "a state failure stops the run (exit 74): \(error)")
        }
        try other.execute("ROLLBACK")
        let resumed = try pipeline.backfill(
            articles, cancellation: CancellationFlag(),
            checkpoint: try pipeline.checkpoint(for: "urls locked", restart: false))
        XCTAssertEqual(resumed.alreadyDone, 0, "no item was marked done while the state was locked")
        XCTAssertEqual(resumed.written, articles.count)
        XCTAssertEqual(resumed.failed, 0)
    }

    func testSpoolFailureStopsTheRun() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let pipeline = try makePipeline(server: server, dir: dir)
        try FileManager.default.removeItem(atPath: dir + "/spool/new")
        // A file where new/ was: renaming a record into new/ now fails.
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/spool/new", contents: Data()))
        XCTAssertThrowsError(try pipeline.run(cancellation: CancellationFlag())) { error in
            XCTAssertTrue(error is SpoolError, "\(error)")
        }
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: dir + "/spool/tmp"), [],
            "no partial record is left behind")
    }
}
