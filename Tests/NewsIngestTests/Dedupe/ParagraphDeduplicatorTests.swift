import XCTest

@testable import NewsIngest

final class ParagraphDeduplicatorTests: XCTestCase {
    private func article(_ texts: [String]) -> CleanedArticle {
        var article = CleanedArticle()
        article.paragraphs = texts.map { Paragraph($0) }
        return article
    }

    func testRemovesRepeatsKeepingFirstAndOrder() {
        let result = ParagraphDeduplicator().deduplicate(article(["A one.", "B two.", "A one.", "C three.", "B two."]))
        XCTAssertEqual(result.paragraphs.map(\.text), ["A one.", "B two.", "C three."])
        XCTAssertEqual(result.duplicatesRemoved, 2)
    }

    func testComparesAfterNFCWhitespaceAndCaseFolding() {
        let composed = "Tiếng Việt có dấu."
        let decomposed = composed.decomposedStringWithCanonicalMapping
        XCTAssertNotEqual(Array(composed.unicodeScalars), Array(decomposed.unicodeScalars))
        let result = ParagraphDeduplicator().deduplicate(article([composed, "  TIẾNG   việt\u{00A0}có DẤU. ", decomposed, "Different."]))
        XCTAssertEqual(result.paragraphs.map(\.text), [composed, "Different."])
        XCTAssertEqual(result.duplicatesRemoved, 2)
    }

    func testDistinctParagraphsAreAllKept() {
        let texts = (1...50).map { "Paragraph number \($0) is different." }
        let result = ParagraphDeduplicator().deduplicate(article(texts))
        XCTAssertEqual(result.paragraphs.count, 50)
        XCTAssertEqual(result.duplicatesRemoved, 0)
    }

    func testResultDoesNotDependOnEarlierArticles() {
        let deduplicator = ParagraphDeduplicator()
        _ = deduplicator.deduplicate(article(["Shared sentence in many articles."]))
        let second = deduplicator.deduplicate(article(["Shared sentence in many articles."]))
        XCTAssertEqual(second.paragraphs.count, 1, "no state leaks from one article to the next")
    }
}
