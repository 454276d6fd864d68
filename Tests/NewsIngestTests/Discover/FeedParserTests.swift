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

    func testMalformedAndNonFeedXMLAreClearErrors() {
        XCTAssertThrowsError(try FeedParser.parse(Array("<rss><channel><item>".utf8), feedURL: "https://x.test/f")) { error in
            XCTAssertTrue(error is FeedError)
        }
        XCTAssertThrowsError(try FeedParser.parse(Array("<html><body>hi</body></html>".utf8), feedURL: "https://x.test/f")) { error in
            XCTAssertTrue("\(error)".contains("not an RSS or Atom feed"))
        }
        XCTAssertThrowsError(try FeedParser.parse([], feedURL: "https://x.test/f"))
    }

    func testEntityExpansionBombIsRefused() {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lollollollollollollollollollol\">"
        for i in 1...9 { xml += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">" }
        xml += "]><rss version=\"2.0\"><channel><item><title>&lol9;</title><link>https://x.test/a</link></item></channel></rss>"
        let start = Date()
        let result = Result { try FeedParser.parse(Array(xml.utf8), feedURL: "https://x.test/f") }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        if case .success(let entries) = result {
            // Entities are not substituted: the title never grows to a billion characters.
            XCTAssertLessThan(entries.first?.title?.count ?? 0, 10_000)
        }
    }

    func testExternalEntitiesAreNotLoaded() throws {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>
            <rss version="2.0"><channel><item><title>&xxe;</title><link>https://x.test/a</link></item></channel></rss>
            """
        let entries = (try? FeedParser.parse(Array(xml.utf8), feedURL: "https://x.test/f")) ?? []
        let hostname = (try? String(contentsOfFile: "/etc/hostname", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "\u{0}"
        XCTAssertFalse(entries.contains { $0.title?.contains(hostname) ?? false }, "the file was read into the feed")
    }
}
