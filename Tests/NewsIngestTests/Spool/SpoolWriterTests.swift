import TestSupport
import XCTest

@testable import NewsIngest

final class SpoolWriterTests: XCTestCase {
    private func record(_ n: Int) -> ArticleRecord {
        var article = CleanedArticle()
        article.url = "https://example.com/\(n)"
        article.paragraphs = [Paragraph("Article number \(n) has a body.")]
        return Normalizer().normalize(article, source: "t")
    }

    func testDeliversIntoNewThroughTmp() throws {
        let dir = Repository.temporaryDirectory()
        let spool = try SpoolWriter(directory: dir)
        let path = try spool.write(record(1))
        XCTAssertTrue(path.hasPrefix(dir + "/new/"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/tmp"), [])
        for sub in ["tmp", "new", "cur"] { XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/" + sub)) }
        let read = try SpoolReader(directory: dir).records()
        XCTAssertEqual(
            read,
            [record(1)].map {
                var r = $0
                r.fetchedAt = read[0].fetchedAt
                return r
            })
        let raw = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(raw.hasSuffix("}\n"), "one JSON object and a newline")
    }

    func testConcurrentWritersNeverCollide() throws {
        let dir = Repository.temporaryDirectory()
        let spool = try SpoolWriter(directory: dir)
        let records = (0..<200).map(record)
        DispatchQueue.concurrentPerform(iterations: 200) { i in _ = try? spool.write(records[i]) }
        let paths = SpoolReader(directory: dir).newPaths()
        XCTAssertEqual(paths.count, 200)
        XCTAssertEqual(Set(try SpoolReader(directory: dir).records().map(\.id)).count, 200)
    }

    func testStaleTmpFilesAreCleanedFreshOnesKept() throws {
        let dir = Repository.temporaryDirectory()
        let spool = try SpoolWriter(directory: dir)
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/tmp/old", contents: Data("{\"partial".utf8)))
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/tmp/fresh", contents: Data()))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -48 * 3600)], ofItemAtPath: dir + "/tmp/old")
        XCTAssertEqual(spool.cleanTmp(), 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/tmp"), ["fresh"])
    }

    func testUnwritableSpoolIsAnError() throws {
        XCTAssertThrowsError(try SpoolWriter(directory: "/proc/newsingest-spool"))
    }

    func testSpoolUnderAFileIsAnError() throws {
        let dir = Repository.temporaryDirectory()
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/file", contents: Data()))
        XCTAssertThrowsError(try SpoolWriter(directory: dir + "/file/spool"))
    }
}
