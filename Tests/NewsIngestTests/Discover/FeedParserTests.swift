import TestSupport
import XCTest

@testable import NewsIngest

final class FeedParserTests: XCTestCase {
    func testDemoRSSAndAtomFeeds() throws {
        let rss = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/site/rss.xml"))))
        let atom = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/site/atom.xml"))))
        let rssEntries = try FeedParser.parse(rss, feedURL: "http://127.0.0.1:9/rss.xml")
        let atomEntries = try FeedParser.parse(atom, feedURL: "http://127.0.0.1:9/atom.xml")
        let all = Set((rssEntries + atomEntries).map(\.url))
        let expected = Set(try DemoArticle.all().keys.map { "http://127.0.0.1:9/\($0).html" })
        XCTAssertEqual(all, expected, "the two feeds link every demo article")
        XCTAssertEqual(rssEntries.first?.published, "Fri, 20 Nov 2026 09:15:00 +0000")
        XCTAssertNotNil(atomEntries.first?.title)
    }

    func testRSSWithGuidOnlyAndDuplicates() throws {
        let xml = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
            <item><title>A</title><guid>https://example.com/a</guid></item>
            <item><title>A again</title><link>https://example.com/a</link></item>
            <item><title>not a link</title><guid isPermaLink="false">123</guid></item>
            <item><title>javascript</title><link>javascript:alert(1)</link></item>
            </channel></rss>
            """
        let entries = try FeedParser.parse(Array(xml.utf8), feedURL: "https://example.com/rss")
        XCTAssertEqual(entries.map(\.url), ["https://example.com/a"])
    }

    /// One bare `&`, `&nbsp;`, stray `<`, misspelled closing tag, control character, NUL or bad
    /// byte used to fail the whole feed, every run (../shared/repro): now the items are read and
    /// the damage is reported.
    func testDamagedFeedsAreReadAsFarAsTheyCanBe() throws {
        let directory = Repository.path("Tests/Regressions/feed")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".xml") }.sorted()
        XCTAssertEqual(names.count, 8)
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
            let document = try FeedParser.parseDocument(bytes, url: "https://news.example/rss.xml")
            XCTAssertGreaterThanOrEqual(document.entries.count, 9, name)
            XCTAssertNotNil(document.damage, name)
            XCTAssertTrue(document.entries.allSatisfy { $0.url.hasPrefix("https://news.example/") }, name)
        }
        let clean = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/site/rss.xml"))))
        XCTAssertNil(try FeedParser.parseDocument(clean, url: "https://news.example/rss.xml").damage)
    }

    func testEntityDeclarationsAreStillRefusedWhenRecovering() {
        let bomb =
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\">]>"
            + "<rss><channel><item><link>&a;</link></item></channel></rss>"
        XCTAssertThrowsError(try FeedParser.parse(Array(bomb.utf8), feedURL: "https://x.test/f")) { error in
            XCTAssertTrue("\(error)".contains("declares entities"), "\(error)")
        }
    }

    func testMalformedAndNonFeedXMLAreClearErrors() {
        XCTAssertThrowsError(try FeedParser.parse(Array("<rss><channel><item>".utf8), feedURL: "https://x.test/f")) {
            error in
            XCTAssertEqual((error as? FeedError)?.code, .malformed)
        }
        XCTAssertThrowsError(
            try FeedParser.parse(Array("<html><body>hi</body></html>".utf8), feedURL: "https://x.test/f")
        ) { error in
            XCTAssertTrue("\(error)".contains("not an RSS, Atom or JSON feed"), "\(error)")
            XCTAssertEqual((error as? FeedError)?.code, .notAFeed)
        }
        XCTAssertThrowsError(try FeedParser.parse([], feedURL: "https://x.test/f")) {
            XCTAssertEqual(($0 as? FeedError)?.code, .empty)
        }
    }

    func testEntityExpansionBombIsRefusedWithAClearError() {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lollollollollollollollollollol\">"
        for i in 1...9 {
            xml += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">"
        }
        xml +=
            "]><rss version=\"2.0\"><channel><item><title>&lol9;</title>"
            + "<link>https://x.test/a</link></item></channel></rss>"
        XCTAssertThrowsError(try FeedParser.parse(Array(xml.utf8), feedURL: "https://x.test/f")) { error in
            XCTAssertTrue(error is FeedError)
            XCTAssertTrue("\(error)".contains("declares entities"), "\(error)")
        }
    }

    func testExternalEntitiesAreRefusedAndNeverRead() throws {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
            <rss version="2.0"><channel><item><title>&xxe;</title><link>https://x.test/a</link></item></channel></rss>
            """
        XCTAssertThrowsError(try FeedParser.parse(Array(xml.utf8), feedURL: "https://x.test/f")) { error in
            XCTAssertTrue("\(error)".contains("external-entity"), "\(error)")
        }
        // A plain DOCTYPE without entity declarations (old RSS 0.91 feeds) is fine.
        let legacy = """
            <?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" \
            "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><item><title>t</title><link>https://x.test/a</link></item></channel></rss>
            """
        XCTAssertEqual(
            try FeedParser.parse(Array(legacy.utf8), feedURL: "https://x.test/f").map(\.url), ["https://x.test/a"])
    }

    private func sample(_ path: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/site/" + path))))
    }

    func testJSONFeed() throws {
        let entries = try FeedParser.parse(try sample("feed.json"), feedURL: "http://127.0.0.1:9/feed.json")
        XCTAssertEqual(Set(entries.map(\.url)), Set(try DemoArticle.all().keys.map { "http://127.0.0.1:9/\($0).html" }))
        XCTAssertNotNil(entries.first?.published)
        XCTAssertNotNil(entries.first?.date)
        let notAFeed = Array(#"{"items": [{"url": "https://x.test/a"}]}"#.utf8)
        XCTAssertThrowsError(try FeedParser.parse(notAFeed, feedURL: "https://x.test/f")) {
            XCTAssertTrue("\($0)".contains("not a JSON Feed"))
            XCTAssertEqual(($0 as? FeedError)?.code, .notAFeed)
        }
        XCTAssertThrowsError(try FeedParser.parse(Array("{broken".utf8), feedURL: "https://x.test/f")) {
            XCTAssertEqual(($0 as? FeedError)?.code, .malformed)
        }
        let external = Array(
            #"{"version": "https://jsonfeed.org/version/1", "items": [{"id": "1", "external_url": "/a"}, {"id": "2"}]}"#
                .utf8)
        XCTAssertEqual(try FeedParser.parse(external, feedURL: "https://x.test/f").map(\.url), ["https://x.test/a"])
    }

    func testSitemapIndexGzipSitemapAndGoogleNewsSitemap() throws {
        let index = try FeedParser.parseDocument(try sample("sitemap.xml"), url: "http://127.0.0.1:9/sitemap.xml")
        XCTAssertEqual(index.format, .sitemapIndex)
        XCTAssertEqual(
            index.follow.map(\.url),
            ["http://127.0.0.1:9/sitemaps/articles.xml.gz", "http://127.0.0.1:9/sitemaps/news.xml"])
        XCTAssertEqual(index.follow.first?.modified, "2026-11-22")

        let gzipped = try sample("sitemaps/articles.xml.gz")
        XCTAssertTrue(Gzip.isGzip(gzipped))
        let all = try FeedParser.parseDocument(gzipped, url: "http://127.0.0.1:9/sitemaps/articles.xml.gz")
        XCTAssertEqual(all.format, .sitemap)
        XCTAssertEqual(all.entries.count, try DemoArticle.all().count)
        XCTAssertTrue(all.entries.allSatisfy { $0.modified != nil })

        let news = try FeedParser.parseDocument(
            try sample("sitemaps/news.xml"), url: "http://127.0.0.1:9/sitemaps/news.xml")
        XCTAssertEqual(news.entries.count, 8)
        let first = try XCTUnwrap(news.entries.first)
        XCTAssertNotNil(first.title)
        let article = try XCTUnwrap(
            try DemoArticle.all()[String(first.url.dropFirst("http://127.0.0.1:9/".count).dropLast(".html".count))])
        XCTAssertEqual(first.published, article.published, "Google News publication date")
        XCTAssertEqual(first.title, article.title)
    }

    func testSitemapBombAndDamagedGzipAreClearErrors() throws {
        // 64 MiB of spaces compress to ~64 KiB: over the 50 MiB sitemap limit once inflated.
        let bomb = try gzipCompress(Array(repeating: UInt8(ascii: " "), count: 64 << 20))
        XCTAssertLessThan(bomb.count, 200_000)
        XCTAssertThrowsError(try FeedParser.parseDocument(bomb, url: "https://x.test/s.xml.gz")) { error in
            XCTAssertTrue("\(error)".contains("more than"), "\(error)")
            XCTAssertEqual((error as? FeedError)?.code, .compression)
        }
        XCTAssertThrowsError(try Gzip.decompress(bomb, limit: 1 << 20)) {
            XCTAssertEqual(($0 as? GzipError)?.code, .tooLarge)
        }
        let damaged = Array(try gzipCompress(Array("<urlset></urlset>".utf8)).prefix(12))
        XCTAssertThrowsError(try FeedParser.parseDocument(damaged, url: "https://x.test/s.xml.gz")) { error in
            XCTAssertTrue("\(error)".contains("gzip"), "\(error)")
        }
        XCTAssertThrowsError(try Gzip.decompress(damaged, limit: 1 << 20)) {
            XCTAssertEqual(($0 as? GzipError)?.code, .truncated)
        }
    }

    func testHomePageAutodiscovery() throws {
        let page = try FeedParser.parseDocument(try sample("index.html"), url: "http://127.0.0.1:9/")
        XCTAssertEqual(page.format, .htmlPage)
        XCTAssertEqual(
            page.follow.map(\.url),
            ["http://127.0.0.1:9/rss.xml", "http://127.0.0.1:9/atom.xml", "http://127.0.0.1:9/feed.json"])
        XCTAssertThrowsError(try FeedParser.parse(try sample("index.html"), feedURL: "http://127.0.0.1:9/"))
        let other = Array(
            (#"<html><head><link rel="stylesheet" href="/a.css">"#
                + #"<link rel="alternate" hreflang="fr" href="/fr/"></head></html>"#).utf8)
        XCTAssertEqual(try FeedParser.parseDocument(other, url: "https://x.test/").follow, [])
    }

    /// gzip via the system's gzip tool, so the test does not check our inflater with itself.
    private func gzipCompress(_ bytes: [UInt8]) throws -> [UInt8] {
        let input = Repository.temporaryDirectory("gz") + "/in"
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-9", "-n", input]
        try process.run()
        process.waitUntilExit()
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: input + ".gz")))
    }
}
