import XCTest

@testable import NewsIngest

final class ParagraphDeduplicatorTests: XCTestCase {
    private func article(_ texts: [String]) -> CleanedArticle {
        var article = CleanedArticle()
        article.paragraphs = texts.map { Paragraph($0) }
        return article
    }

    func testRemovesRepeatsKeepingFirstAndOrder() {
        let a = "The first paragraph of the article says what happened."
        let b = "The second paragraph explains why it matters to readers."
        let c = "The third paragraph adds a quote from an official."
        let result = ParagraphDeduplicator().deduplicate(article([a, b, a, c, b]))
        XCTAssertEqual(result.paragraphs.map(\.text), [a, b, c])
        XCTAssertEqual(result.duplicatesRemoved, 2)
    }

    func testComparesAfterNFCWhitespaceAndCaseFolding() {
        let composed = "Tiếng Việt có dấu."
        let decomposed = composed.decomposedStringWithCanonicalMapping
        XCTAssertNotEqual(Array(composed.unicodeScalars), Array(decomposed.unicodeScalars))
        let result = ParagraphDeduplicator().deduplicate(
            article([composed, "  TIẾNG   việt\u{00A0}có DẤU. ", decomposed, "Different."]))
        XCTAssertEqual(result.paragraphs.map(\.text), [composed, "Different."])
        XCTAssertEqual(result.duplicatesRemoved, 2)
    }

    func testDistinctParagraphsAreAllKept() {
        // Lines that differ only in their numbers are different content (a list of results).
        let texts = (1...50).map { "Paragraph number \($0) of the list is different from the others." }
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

final class NearRepeatTests: XCTestCase {
    private func article(_ paragraphs: [Paragraph]) -> CleanedArticle {
        var article = CleanedArticle()
        article.paragraphs = paragraphs
        return article
    }

    func testNearRepeatsDifferingInAFewCharactersAreRemoved() {
        let a = "The council approved the budget on Tuesday, with 31 votes in favour and 9 against."
        let b = "The council approved the budget on Tuesday , with 31 votes in favour and 9 against!"
        let c = "The council approved the budget on Tuesday, with 31 votes in favor and 9 against."
        let different = "The council rejected the housing plan on Wednesday after a long debate about costs."
        let result = ParagraphDeduplicator().deduplicate(
            article([Paragraph(a), Paragraph(b), Paragraph(c), Paragraph(different)]))
        XCTAssertEqual(result.paragraphs.map(\.text), [a, different])
        XCTAssertEqual(result.duplicatesRemoved, 2)
        let exactOnly = ParagraphDeduplicator(similarity: 1.0).deduplicate(article([Paragraph(a), Paragraph(c)]))
        XCTAssertEqual(exactOnly.paragraphs.count, 2, "similarity 1.0 means exact repeats only")
    }

    func testShortRepeatsAndPullQuotesAreKept() {
        let quote = "“We have waited long enough,” said Ellen Marsh, whose ground floor has been rebuilt twice."
        let paragraphs = [
            Paragraph(quote), Paragraph("—"), Paragraph("Some text in between about the barrier."), Paragraph("—"),
            Paragraph("Photos"), Paragraph("Photos"), Paragraph(quote, kind: .quote),
        ]
        let result = ParagraphDeduplicator().deduplicate(article(paragraphs))
        XCTAssertEqual(result.paragraphs.count, 7, "separators, one-word labels and pull quotes stay")
        let strict = ParagraphDeduplicator(similarity: 0.9, keepShorterThan: 0, keepPullQuotes: false).deduplicate(
            article(paragraphs))
        XCTAssertEqual(
            strict.paragraphs.map(\.text), [quote, "—", "Some text in between about the barrier.", "—", "Photos"],
            "with the rule off, only punctuation-only lines (no letters to compare) repeat")
    }
}
