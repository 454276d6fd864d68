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
        return SiteBoilerplateFilter(memory: store, settings: settings)
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
        let f = SiteBoilerplateFilter(memory: store, settings: settings)
        for n in 1...20 { _ = try f.filter(article(n)) }
        XCTAssertLessThanOrEqual(try store.boilerplateKeyCount(host: "news.example.com"), 10)
        XCTAssertEqual(
            try f.filter(article(21)).paragraphs.count, 2, "the recurring footer, seen most, is what stays remembered")
    }

    func testOffWhenKIsZero() throws {
        let f = filter(try StateStore(directory: Repository.temporaryDirectory()), minArticles: 0)
        for n in 1...6 { XCTAssertEqual(try f.filter(article(n)).paragraphs.count, 3) }
    }

    /// The filter needs only its memory: an in-memory one learns the same way.
    func testAnyBoilerplateMemoryWillDo() throws {
        var settings = Configuration.DedupeSettings()
        settings.siteBoilerplateMinArticles = 3
        let f = SiteBoilerplateFilter(memory: InMemoryBoilerplate(), settings: settings)
        let kept = try (1...6).map { try f.filter(article($0)).paragraphs.count }
        XCTAssertEqual(kept, [3, 3, 3, 2, 2, 2])
    }

    /// An article without an identity (no URL, no canonical link) is passed through, untaught.
    func testArticleWithoutIdentityPassesThrough() throws {
        let store = try StateStore(directory: Repository.temporaryDirectory())
        let f = filter(store)
        for n in 1...6 { _ = try f.filter(article(n)) }
        var anonymous = article(7)
        anonymous.url = nil
        XCTAssertNil(ArticleIdentifier().identify(anonymous))
        XCTAssertEqual(try f.filter(anonymous, identity: nil).paragraphs.count, 3)
    }
}

extension SiteBoilerplateFilter {
    /// What the clean step hands the filter: the article with the identity found for it.
    fileprivate func filter(_ article: CleanedArticle) throws -> CleanedArticle {
        try filter(article, identity: ArticleIdentifier().identify(article))
    }
}

/// A `BoilerplateMemory` in a dictionary: host -> paragraph key -> the articles that hold it.
private final class InMemoryBoilerplate: BoilerplateMemory {
    private let seen = Locked<[String: [Int64: Set<String>]]>([:])

    func boilerplateCounts(host: String, keys: [Int64], excluding articleID: String) throws -> [Int64: Int] {
        let known = seen.current[host] ?? [:]
        return Dictionary(uniqueKeysWithValues: keys.map { ($0, known[$0]?.subtracting([articleID]).count ?? 0) })
    }

    func learnBoilerplate(host: String, keys: [Int64], articleID: String, cap: Int, maxPerHost: Int) throws {
        seen.withLock { seen in
            for key in keys where (seen[host]?[key]?.count ?? 0) < cap {
                seen[host, default: [:]][key, default: []].insert(articleID)
            }
        }
    }
}
