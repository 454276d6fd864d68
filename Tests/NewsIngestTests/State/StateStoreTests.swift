import TestSupport
import XCTest

@testable import NewsIngest

final class StateStoreTests: XCTestCase {
    private func record(body: String) -> ArticleRecord {
        var article = CleanedArticle()
        article.url = "https://example.com/story"
        article.paragraphs = [Paragraph(body)]
        return Normalizer().normalize(article, source: "t")
    }

    func testNewChangedUnchangedSurviveReopen() throws {
        let dir = Repository.temporaryDirectory()
        let first = record(body: "The first version of the story.")
        do {
            let state = try StateStore(directory: dir)
            XCTAssertEqual(try state.status(id: first.id, contentHash: first.contentHash), .new)
            try state.commit(first)
            XCTAssertEqual(try state.status(id: first.id, contentHash: first.contentHash), .unchanged)
        }
        let state = try StateStore(directory: dir)
        XCTAssertEqual(try state.status(id: first.id, contentHash: first.contentHash), .unchanged)
        var second = record(body: "The second version of the story, with a correction.")
        XCTAssertEqual(second.id, first.id)
        XCTAssertEqual(try state.status(id: second.id, contentHash: second.contentHash), .changed(revision: 2))
        second.revision = 2
        try state.commit(second)
        XCTAssertEqual(try state.status(id: second.id, contentHash: "other"), .changed(revision: 3))
        XCTAssertEqual(try state.articleCount(), 1)
    }

    func testValidatorsRoundTrip() throws {
        let state = try StateStore(directory: Repository.temporaryDirectory())
        XCTAssertNil(try state.validators(for: "https://example.com/a"))
        try state.recordFetch(
            url: "https://example.com/a",
            validators: Validators(etag: "\"abc\"", lastModified: "Sun, 26 Oct 2025 08:30:00 GMT"), status: 200,
            articleID: "x")
        XCTAssertEqual(
            try state.validators(for: "https://example.com/a"),
            Validators(etag: "\"abc\"", lastModified: "Sun, 26 Oct 2025 08:30:00 GMT"))
        try state.recordFetch(url: "https://example.com/a", validators: Validators(), status: 200, articleID: nil)
        XCTAssertNil(try state.validators(for: "https://example.com/a"), "a response without validators clears them")
    }

    func testSQLInjectionIsJustData() throws {
        let state = try StateStore(directory: Repository.temporaryDirectory())
        let url = "https://example.com/'); DROP TABLE articles; --"
        try state.recordFetch(
            url: url, validators: Validators(etag: "'", lastModified: nil), status: 200, articleID: nil)
        XCTAssertEqual(try state.validators(for: url)?.etag, "'")
        XCTAssertEqual(try state.articleCount(), 0)
    }

    func testSecondLockOnTheSameDirectoryFailsNamingTheHolder() throws {
        let dir = Repository.temporaryDirectory()
        let lock = try RunLock(stateDirectory: dir)
        XCTAssertThrowsError(try RunLock(stateDirectory: dir)) { error in
            let held = error as? LockHeldError
            XCTAssertNotNil(held)
            XCTAssertTrue(held?.holder.contains("pid \(getpid())") ?? false, "\(error)")
        }
        withExtendedLifetime(lock) {}
    }

    func testLockIsReleasedWithItsOwner() throws {
        let dir = Repository.temporaryDirectory()
        do { _ = try RunLock(stateDirectory: dir) }
        XCTAssertNoThrow(try RunLock(stateDirectory: dir))
    }
}
