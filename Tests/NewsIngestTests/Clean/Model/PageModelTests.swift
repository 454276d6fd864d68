import XCTest

@testable import NewsIngest

/// The walk and the model of a page: malformed and deeply nested markup still give the text.
final class PageModelTests: XCTestCase, CleanerTesting {
    func testMalformedHTMLStillYieldsText() throws {
        let page =
            "<html><body><div class=story><p>\(prose[0])<p>\(prose[1]) <b>unclosed <i>tags</div><p>\(prose[2])</body>"
        let article = try clean(page)
        XCTAssertEqual(article.paragraphs.count, 3)
        XCTAssertTrue(article.paragraphs[1].text.contains("unclosed tags"))
    }

    func testDeepNesting() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "<div>", count: depth) + "<p>\(prose[0])</p>" + String(repeating: "</div>", count: depth)
        }
        XCTAssertEqual(try clean(nested(200)).paragraphs.map(\.text), [prose[0]])
        // Past libxml2's default depth limit of 256 (lifted with XML_PARSE_HUGE): no crash, no
        // stack overflow, and the article (it used to stop parsing and give "no content").
        XCTAssertEqual(try clean(nested(20_000)).paragraphs.map(\.text), [prose[0]])
    }

    /// A <div> left open inside a <button> keeps libxml2 inside the button to the end of the
    /// page; a button that holds paragraphs is walked, one with a label alone is skipped.
    func testAButtonThatSwallowedThePageIsWalked() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let page = try clean(
            """
            <html><body><button class="menu"><div>Menu</button>
            <h1>Council passes the budget</h1>\(body)</body></html>
            """)
        XCTAssertEqual(page.paragraphs.map(\.text).suffix(3), prose[...])
        let label = try clean(
            """
            <html><body><button>Subscribe to our newsletter for the latest news every morning</button>
            <h1>Council passes the budget</h1>\(body)</body></html>
            """)
        XCTAssertEqual(label.paragraphs.map(\.text), prose)
    }
}
