import TestSupport
import XCTest

@testable import NewsIngest

#if canImport(Glibc)
    import Glibc
#endif

final class SpoolExportTests: XCTestCase {
    private func record(_ n: Int, revision: Int = 1) -> ArticleRecord {
        var article = CleanedArticle()
        article.url = "https://example.com/story-\(n)"
        article.title = "Story \(n)"
        article.paragraphs = [Paragraph("Paragraph of story number \(n), long enough to be a body.")]
        var record = Normalizer().normalize(article, source: "t")
        record.id = String(format: "id%02d", n)
        record.revision = revision
        return record
    }

    /// A spool holding `count` records, written by the pipeline's own writer.
    private func spool(_ count: Int) throws -> (String, [String]) {
        let dir = Repository.temporaryDirectory("spool-export")
        let writer = try SpoolWriter(directory: dir)
        var ids: [String] = []
        for n in 0..<count {
            try writer.write(record(n))
            ids.append(String(format: "id%02d", n))
        }
        return (dir, ids)
    }

    /// Runs an export into a temporary file and returns what was written.
    private static func export(
        _ dir: String, format: ExportFormat = .ndjson, index: String? = nil, claim: Bool = false, limit: Int? = nil,
        batchSize: Int = 256
    ) throws -> (SpoolExporter.Result, String) {
        let path = Repository.temporaryDirectory("export-out") + "/out"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        let result = try SpoolExporter(format: format, index: index, batchSize: batchSize).export(
            from: SpoolConsumer(directory: dir), to: DescriptorOutput(fd: fd, label: path), claim: claim, limit: limit)
        return (result, try String(contentsOfFile: path, encoding: .utf8))
    }

    private func files(_ dir: String, _ sub: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/" + sub)) ?? []).sorted()
    }

    func testNDJSONIsOneRecordPerLineOldestFirstAndLeavesTheSpool() throws {
        let (dir, ids) = try spool(12)
        let (result, text) = try Self.export(dir)
        XCTAssertEqual(result.exported, 12)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 13, "12 lines and the final newline")
        XCTAssertEqual(lines.last, "")
        let exported = try lines.dropLast().map {
            try JSONDecoder().decode(ArticleRecord.self, from: Data($0.utf8)).id
        }
        XCTAssertEqual(exported, ids, "write order, whatever the names' Q counters sort as text")
        XCTAssertEqual(files(dir, "new").count, 12, "without --claim nothing moves")
        let (limited, limitedText) = try Self.export(dir, limit: 5)
        XCTAssertEqual(limited.exported, 5)
        XCTAssertEqual(limitedText.split(separator: "\n").count, 5)
    }

    func testMaildirNamesSortByTimeNotText() {
        XCTAssertLessThan(
            SpoolConsumer.timeKey("1764950400.M99P1Q9.h"), SpoolConsumer.timeKey("1764950400.M100P1Q10.h"))
        XCTAssertLessThan(SpoolConsumer.timeKey("999999999.M5P1Q1.h"), SpoolConsumer.timeKey("1000000000.M1P1Q1.h"))
        XCTAssertEqual(SpoolConsumer.timeKey("not-a-maildir-name"), Int64.max)
        XCTAssertEqual(SpoolConsumer.timeKey("99999999999999999999.M1.h"), Int64.max)
    }

    func testESBulkPairsAnExternalVersionActionWithEachRecord() throws {
        let dir = Repository.temporaryDirectory("spool-export")
        let writer = try SpoolWriter(directory: dir)
        try writer.write(record(1, revision: 3))
        try writer.write(record(2))
        let (_, text) = try Self.export(dir, format: .esBulk, index: "news-\"x\"")
        XCTAssertTrue(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(
            lines[0], #"{"index":{"_index":"news-\"x\"","_id":"id01","version":3,"version_type":"external"}}"#)
        XCTAssertEqual(
            lines[2], #"{"index":{"_index":"news-\"x\"","_id":"id02","version":1,"version_type":"external"}}"#)
        for line in [lines[1], lines[3]] {
            XCTAssertNoThrow(try JSONDecoder().decode(ArticleRecord.self, from: Data(line.utf8)))
        }
        let (_, bare) = try Self.export(dir, format: .esBulk)
        XCTAssertTrue(bare.hasPrefix(#"{"index":{"_id":"id01","version":3,"#), "no _index: the URL names it")
    }

    func testClaimedExportRemovesWhatItWrote() throws {
        let (dir, ids) = try spool(7)
        let (first, text) = try Self.export(dir, claim: true, limit: 4, batchSize: 3)
        XCTAssertEqual(first.exported, 4)
        XCTAssertEqual(text.split(separator: "\n").count, 4)
        XCTAssertEqual(files(dir, "new").count, 3)
        XCTAssertEqual(files(dir, "cur"), [], "claims are removed once written")
        let (second, rest) = try Self.export(dir, claim: true)
        XCTAssertEqual(second.exported, 3)
        let all = (text + rest).split(separator: "\n").map {
            try? JSONDecoder().decode(ArticleRecord.self, from: Data($0.utf8)).id
        }
        XCTAssertEqual(all, ids)
        XCTAssertEqual(files(dir, "new"), [])
    }

    func testTwoClaimingConsumersNeverExportTheSameRecord() throws {
        let (dir, ids) = try spool(60)
        let outputs = Locked<[[String]]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            guard let (_, text) = try? Self.export(dir, claim: true, batchSize: 1) else { return }
            let got = text.split(separator: "\n").compactMap {
                try? JSONDecoder().decode(ArticleRecord.self, from: Data($0.utf8)).id
            }
            outputs.withLock { $0.append(got) }
        }
        let both = outputs.current
        XCTAssertEqual(both.count, 2)
        XCTAssertEqual(both.flatMap { $0 }.sorted(), ids, "every record exactly once")
        XCTAssertEqual(files(dir, "new") + files(dir, "cur"), [])
    }

    func testAFailedWriteHandsTheBatchBack() throws {
        let (dir, _) = try spool(5)
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        close(ends[0])  // nobody reads: the write fails with EPIPE
        defer { close(ends[1]) }
        let exporter = SpoolExporter(format: .ndjson, batchSize: 2)
        XCTAssertThrowsError(
            try exporter.export(
                from: SpoolConsumer(directory: dir), to: DescriptorOutput(fd: ends[1], label: "pipe"), claim: true,
                limit: nil)
        ) { error in
            XCTAssertTrue("\(error)".contains("Broken pipe"), "\(error)")
        }
        XCTAssertEqual(files(dir, "new").count, 5, "nothing lost")
        XCTAssertEqual(files(dir, "cur"), [])
    }

    func testClaimsOfADeadConsumerGoBackToNew() throws {
        let (dir, _) = try spool(3)
        let names = files(dir, "new")
        let host = SpoolConsumer.hostName()
        // A process that has exited: its pid is free (a child we waited for).
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        XCTAssertEqual(rename(dir + "/new/" + names[0], dir + "/cur/" + names[0] + ":claim.\(dead).\(host)"), 0)
        // pid 1 is alive: its claim stays (until it is older than the limit).
        XCTAssertEqual(rename(dir + "/new/" + names[1], dir + "/cur/" + names[1] + ":claim.1.\(host)"), 0)
        // Another host's claim: left alone unless old.
        XCTAssertEqual(rename(dir + "/new/" + names[2], dir + "/cur/" + names[2] + ":claim.1.elsewhere"), 0)
        let consumer = try SpoolConsumer(directory: dir)
        XCTAssertEqual(consumer.recoverStaleClaims(), 1)
        XCTAssertEqual(files(dir, "new"), [names[0]])
        XCTAssertEqual(consumer.recoverStaleClaims(olderThan: -1), 2)
        XCTAssertEqual(files(dir, "new"), names)
    }

    func testAFileThatIsNotARecordIsNamedAndLeftInPlace() throws {
        let (dir, _) = try spool(2)
        try "{\"not\": \"a record\"}\n".write(toFile: dir + "/new/1.M1P1Q1.junk", atomically: false, encoding: .utf8)
        try "".write(toFile: dir + "/new/2.M1P1Q1.empty", atomically: false, encoding: .utf8)
        // A pretty-printed record from another writer: exported as one line.
        let pretty = try record(9).jsonData(pretty: true)
        try pretty.write(to: URL(fileURLWithPath: dir + "/new/3.M1P1Q1.pretty"))
        let (result, text) = try Self.export(dir, claim: true)
        XCTAssertEqual(result.exported, 3)
        XCTAssertEqual(result.malformed.count, 2, "\(result.malformed)")
        XCTAssertTrue(result.malformed.contains { $0.contains("1.M1P1Q1.junk") && $0.contains("not an article") })
        XCTAssertTrue(result.malformed.contains { $0.contains("empty file") })
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[0].contains("\"id\":\"id09\""), "oldest name first: \(lines[0].prefix(80))")
        XCTAssertEqual(files(dir, "new"), ["1.M1P1Q1.junk", "2.M1P1Q1.empty"])
        XCTAssertEqual(files(dir, "cur"), [])
    }
}
