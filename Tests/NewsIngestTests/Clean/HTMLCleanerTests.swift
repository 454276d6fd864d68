import TestSupport
import XCTest

@testable import NewsIngest

/// The cleaner as a whole, on the demo site.
final class HTMLCleanerTests: XCTestCase, CleanerTesting {
    /// Every demo-site page: its own paragraphs, nothing else, and its caption in `images`.
    func testDemoSitePages() throws {
        let expected = try DemoArticle.all()
        XCTAssertGreaterThanOrEqual(expected.count, 12)
        for (slug, demo) in expected {
            let bytes = try [UInt8](
                Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/site/\(slug).html"))))
            let article = ParagraphDeduplicator().deduplicate(
                try cleaner.clean(bytes: bytes, url: "http://127.0.0.1:8731/\(slug).html"))
            XCTAssertEqual(article.paragraphs.map(\.text), demo.paragraphs, slug)
            XCTAssertEqual(article.title, demo.title, slug)
            XCTAssertEqual(article.authors, [demo.author], slug)
            XCTAssertEqual(article.duplicatesRemoved, demo.repeated, slug)
            if let figure = demo.figure {
                XCTAssertEqual(article.images.map(\.caption), [figure.caption], slug)
                XCTAssertEqual(article.images.map(\.credit), [figure.credit], slug)
            } else {
                XCTAssertEqual(article.images, [], slug)
            }
        }
    }
}
