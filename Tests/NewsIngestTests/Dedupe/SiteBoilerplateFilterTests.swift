import TestSupport
import XCTest

@testable import NewsIngest

final class SiteBoilerplateFilterTests: XCTestCase {
    private let footer = "Follow the Harbour Ledger on social media for the latest news from the region."

    private func article(_ n: Int, host: String = "news.example.com") -> CleanedArticle {
        var article = CleanedArticle()
        article.url = "https://\(host)/story/\(n)"
        article.paragraphs = [
            Paragraph("Story \(n) begins with its own first paragraph, which no other story shares at all."),
            Paragraph("Its second paragraph is also unique to story number \(n), with more details."),
            Paragraph(footer),
        ]
        return article
    }

    private func filter(_ store: StateStore, minArticles: Int = 3) -> SiteBoilerplateFilter {
        var settings = Configuration.DedupeSettings()
        settings.siteBoilerplateMinArticles = minArticles
        return SiteBoilerplateFilter(store: store, normalizer: Normalizer(), settings: settings)
    }

    func testRecurringFooterIsDroppedOnceSeenInKArticles() throws {
        let dir = Repository.temporaryDirectory()
        let store = try StateStore(directory: dir)
        let f = filter(store)
        var kept: [Int] = []
        for n in 1...6 {
            let result = try f.filter(article(n))
            kept.append(result.paragraphs.count)
            XCTAssertEqual(result.boilerplateRemoved, 3 - result.paragraphs.count)
        }
        XCTAssertEqual(kept, [3, 3, 3, 2, 2, 2], "dropped from the 4th article on: seen in 3 before it")
        // Another host has not learned anything.
        XCTAssertEqual(try f.filter(article(7, host: "other.example.org")).paragraphs.count, 3)
        // Re-processing an article that taught the rule does not count it twice.
        XCTAssertEqual(try f.filter(article(1)).paragraphs.count, 2)
        // Learning survives a restart.
        let reopened = filter(try StateStore(directory: dir))
        XCTAssertEqual(try reopened.filter(article(8)).paragraphs.map(\.text).contains(footer), false)
    }

    func testSameInputSameOrderSameOutput() throws {
        func runAll() throws -> [[String]] {
            let f = filter(try StateStore(directory: Repository.temporaryDirectory()))
            return try (1...6).map { try f.filter(article($0)).paragraphs.map(\.text) }
        }
        XCTAssertEqual(try runAll(), try runAll())
    }

    func testMemoryPerHostIsBounded() throws {
        let store = try StateStore(directory: Repository.temporaryDirectory())
        var settings = Configuration.DedupeSettings()
        settings.siteBoilerplateMaxPerHost = 10
        let f = SiteBoilerplateFilter(store: store, normalizer: Normalizer(), settings: settings)
        for n in 1...20 { _ = try f.filter(article(n)) }
        XCTAssertLessThanOrEqual(try store.boilerplateKeyCount(host: "news.example.com"), 10)
        XCTAssertEqual(
            try f.filter(article(21)).paragraphs.count, 2, "the recurring footer, seen most, is what stays remembered")
    }

    func testOffWhenKIsZero() throws {
        let f = filter(try StateStore(directory: Repository.temporaryDirectory()), minArticles: 0)
        for n in 1...6 { XCTAssertEqual(try f.filter(article(n)).paragraphs.count, 3) }
    }
}
