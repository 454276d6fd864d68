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
}
