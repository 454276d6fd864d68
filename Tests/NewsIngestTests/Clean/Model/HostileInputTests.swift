import TestSupport
import XCTest

@testable import NewsIngest

/// Pages built to hurt (after ../shared/repro and the crash-proof issue): each must give its
/// article, in time near-linear in its size, and never take the process down.
final class HostileInputTests: XCTestCase {
    /// Without the page budget: these pages take seconds in a debug build (an order of
    /// magnitude slower than release) on a busy machine, which must not make them fail here;
    /// the budget has a test of its own.
    private let extractor: Extractor = {
        var unbounded = Extractor()
        unbounded.maxPageSeconds = 0
        return unbounded
    }()

    private static let paragraphs = (0..<6).map {
        "<p>Paragraph text number \($0), with commas, long enough to be prose here, for the body of the article.</p>"
    }.joined()

    private func extract(_ html: String, url: String? = nil) throws -> ArticleRecord {
        try extractor.extract(bytes: Array(html.utf8), format: .html, url: url)
    }

    private func page(head: String = "", before: String = "", after: String = "") -> String {
        "<html><head><title>T</title>\(head)</head><body>\(before)"
            + "<article>\(Self.paragraphs)</article>\(after)</body></html>"
    }

    func testDeepNestingKeepsTheArticle() throws {
        // libxml2 stops at 256 levels unless told otherwise; the article came out empty.
        for depth in [260, 2_000, 100_000] {
            let html = page(
                before: String(repeating: "<div>", count: depth), after: String(repeating: "</div>", count: depth))
            XCTAssertEqual(try extract(html).wordCount, 108, "\(depth) nested <div>s")
        }
        let fonts = page(before: String(repeating: "<font size=2>", count: 300))
        XCTAssertEqual(try extract(fonts).wordCount, 108, "300 unclosed <font>s")
    }

    func testNULBytesDoNotEmptyThePage() throws {
        for html in [
            page(head: "<meta name=\"x\" content=\"a\u{0}b\">"), page(head: "\u{0}<meta name=\"y\" content=\"z\">"),
            page(before: "<p>a\u{0}b</p>"),
        ] {
            XCTAssertEqual(try extract(html).wordCount, 108)
        }
    }

    /// A theme's header template that closes the document early: the article follows
    /// `</body></html>`, where a browser still shows it. The early end tags go; the document's
    /// own last ones, with only white space and comments after them, stay (no copy is made).
    func testAnArticleAfterAnEarlyEndOfTheDocumentIsKept() throws {
        let early =
            "<!DOCTYPE html><html><head><title>T</title></head><body><header><a href=\"/\">Home</a></header>\n"
            + "</BODY >\n</html>\n<div class=\"post\"><article>\(Self.paragraphs)</article></div>\n</body>\n</html>\n"
        XCTAssertEqual(try extract(early).wordCount, 108)
        let defused = String(decoding: HostileMarkup.defuse(Array(early.utf8)), as: UTF8.self)
        XCTAssertFalse(defused.contains("</BODY >"))
        XCTAssertTrue(defused.hasSuffix("</div>\n</body>\n</html>\n"))
        let ended = Array((page() + "\n<!-- cached 0.2 s -->\n").utf8)
        XCTAssertEqual(HostileMarkup.defuse(ended), ended)
    }

    func testTooManyAttributesAreCut() throws {
        let attributes = (0..<40_000).map { " a\($0)=\"\($0)\"" }.joined()
        let html = "<html><body><article><div\(attributes)>x</div>\(Self.paragraphs)</article></body></html>"
        let defused = String(decoding: HostileMarkup.defuse(Array(html.utf8)), as: UTF8.self)
        XCTAssertTrue(defused.contains(" a511=\"511\""))
        XCTAssertFalse(defused.contains(" a512=\"512\""), "attributes past the limit are removed")
        XCTAssertTrue(defused.hasSuffix(Self.paragraphs + "</article></body></html>"))
        XCTAssertEqual(try extract(html).wordCount, 109)
        // Script text is not markup: a long "tag" inside it is left alone.
        let script = "<script>if (a <b " + String(repeating: "x ", count: 2_000) + ") {}</script>"
        XCTAssertEqual(HostileMarkup.defuse(Array(script.utf8)), Array(script.utf8))
        let plain = Array(page().utf8)
        XCTAssertEqual(HostileMarkup.defuse(plain), plain)
    }

    func testMultiMegabyteAttributesAndClasses() throws {
        let big = String(repeating: "a", count: 3_000_000)
        let html = page(
            head: "<meta name=\"description\" content=\"\(big)\">", before: "<div class=\"\(big) x\"></div>")
        XCTAssertEqual(try extract(html).wordCount, 108)
    }

    func testDeclarationsTheBytesContradict() throws {
        // UTF-16 declared over UTF-8: read as UTF-16 it was 48,103 "words" of CJK, tagged zh.
        let utf16 = try extract(page(head: "<meta charset=\"utf-16\">"))
        XCTAssertEqual(utf16.wordCount, 108)
        XCTAssertEqual(utf16.language, "en")
        let russian = "<p>Привет, мир. Это статья о погоде в Москве, с запятыми, и длинными предложениями о погоде.</p>"
        for charset in ["utf-7", "UTF-16", "utf-32", "x-user-defined"] {
            let html =
                "<html><head><meta charset=\"\(charset)\"></head><body><article>"
                + String(repeating: russian, count: 4) + "</article></body></html>"
            let record = try extract(html)
            XCTAssertEqual(record.language, "ru", charset)
            XCTAssertTrue(record.text.hasPrefix("Привет, мир."), charset)
        }
        XCTAssertFalse(CharsetDetector.looksLikeUTF16(Array("<html><body>plain</body></html>".utf8)))
        XCTAssertTrue(CharsetDetector.looksLikeUTF16(Array("<html>".utf16.flatMap { [UInt8($0 & 0xFF), 0] })))
    }

    func testBrokenUTF8AndDegenerateJSONLD() throws {
        let jsonLD =
            #"{"@type":[[[[[[[{}]]]]]]], "headline": {"a": 1}, "datePublished": "٢٠٢٤-٠١-٠١", "#
            + #""author": [null, 7, {"name": ["x"]}]}"#
        var bytes = Array(page(head: "<script type=\"application/ld+json\">\(jsonLD)</script>").utf8)
        bytes.insert(contentsOf: [0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80], at: 200)
        let record = try extractor.extract(bytes: bytes, format: .html, url: nil)
        XCTAssertGreaterThanOrEqual(record.wordCount, 100)
        XCTAssertNil(record.publishedAt, "Arabic-Indic digits are no date here (Int(...)! trapped on them)")
        XCTAssertNil(DateParser.parse("٢٠٢٤-٠١-٠١"))
        XCTAssertEqual(
            DateParser.parse("2024-01-01T00:00:00+99:00")?.offsetSeconds, 0, "an impossible offset is ignored")
    }

    /// The page of the crash-proof issue: og:url and canonical link that trapped URLComponents.
    func testHostileCanonicalLinks() throws {
        let record = try extract(
            page(
                head: "<meta property=\"og:url\" content=\"https://blog.example.fr%2Farticles%2F2025-12-15%2Btitle\">"
                    + "<link rel=\"canonical\" href=\"https://%00/\">"
                    + "<meta property=\"og:image\" content=\"https://[::1\">"
            ))
        XCTAssertNil(record.canonicalURL)
        XCTAssertEqual(record.wordCount, 108)
        let fetched = try extract(
            page(head: "<link rel=\"canonical\" href=\"https://%00/\">"), url: "https://news.example/a")
        XCTAssertEqual(fetched.url, "https://news.example/a")
    }

    /// Near-linear: 8,000 distinct paragraphs took 38 s in the near-repeat search, which now
    /// looks back at most ``ParagraphDeduplicator/nearRepeatWindow`` paragraphs. (Kept small:
    /// debug builds are slow; `make bench`-style timing is for release builds.)
    func testManyParagraphsStayNearLinear() throws {
        var random = SystemRandomNumberGenerator()
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        func word() -> String {
            String((0..<Int.random(in: 3...10, using: &random)).map { _ in letters.randomElement()! })
        }
        let body = (0..<1_200).map { _ in
            "<p>" + (0..<25).map { _ in word() }.joined(separator: " ") + ", and more.</p>"
        }
        let html = "<html><body><article>" + body.joined() + "</article></body></html>"
        let record = try extract(html)
        XCTAssertEqual(record.paragraphCount, 1_200)
    }

    /// A headline of question marks over a long meta title: the lost-characters test tries
    /// three widths per mark, so without its bound on marks it would try 3^300 paths.
    func testAHeadlineOfQuestionMarks() throws {
        let marks = String(repeating: "? ", count: 300)
        let record = try extract(
            page(
                head: "<meta property=\"og:title\" content=\"\(String(repeating: "ab ", count: 400))\">",
                before: "<h1>\(marks)</h1>"))
        XCTAssertEqual(record.paragraphCount, 6)
        XCTAssertFalse(MetadataExtractor.lostCharacters(in: marks, of: String(repeating: "ab ", count: 300)))
    }

    /// `max_page_seconds`: a page that needs more CPU than its budget fails alone, with a reason.
    func testAPageOverItsCPUBudgetFails() throws {
        var tight = Extractor()
        tight.maxPageSeconds = 0.01
        let body = (0..<3_000).map {
            "<p>Paragraph \($0) of a long page, with commas, long enough to be prose here.</p>"
        }
        let html = "<html><body><article>" + body.joined() + "</article></body></html>"
        XCTAssertThrowsError(try tight.extract(bytes: Array(html.utf8), format: .html, url: nil)) { error in
            XCTAssertTrue(error is PageBudget.Exceeded, "\(error)")
            XCTAssertEqual("\(error)", "time_budget: more than 0.01 s of CPU")
        }
        XCTAssertEqual(try extract(html).paragraphCount, 3_000, "without the budget it is read whole")
        // The budget stops a loop that asks, and is per call: the next one starts afresh.
        var spins = 0
        XCTAssertThrowsError(try PageBudget.run(seconds: 0.02) { while !PageBudget.exceeded { spins += 1 } })
        XCTAssertGreaterThan(spins, 0)
        XCTAssertEqual(try PageBudget.run(seconds: 0.02) { 7 }, 7)
        XCTAssertFalse(PageBudget.exceeded, "no budget runs outside run(seconds:)")
    }

    /// An author box's text is read up to a bound: the same text as libxml2's for a short
    /// element, nothing for a long one, and thousands of nested byline wrappers cost no more
    /// than their own text.
    func testBylineTextsAreReadUpToABound() throws {
        let short = "<html><body><div class=\"author\">By <a href=\"/a\">Jane</a><![CDATA[ x]]> Doe</div></body></html>"
        let document = try XMLDocumentHandle.parseHTML(utf8: Array(short.utf8), url: nil)
        let body = try XCTUnwrap(document.root.flatMap { DOM.children($0).last })
        let div = try XCTUnwrap(DOM.children(body).first)
        XCTAssertEqual(DOM.shortText(div, limit: 100), DOM.text(div))
        XCTAssertNil(DOM.shortText(div, limit: 5))
        let nested =
            String(repeating: "<div class=\"author\">", count: 5_000) + "Jane Doe"
            + String(repeating: "</div>", count: 5_000)
        let record = try extract(page(before: nested))
        XCTAssertEqual(record.authors, ["Jane Doe"])
    }
}
