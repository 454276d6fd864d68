import Logging
import TestSupport
import XCTest

@testable import NewsIngest

/// Against a real PostgreSQL server (Debian's package, started in a temporary directory).
final class PostgreSQLSinkTests: XCTestCase {
    private static let shared = SharedPostgreSQLServer()
    private var server: PostgreSQLServer!

    override class func tearDown() { shared.stop() }

    // Not a skip when the server cannot start: CI installs PostgreSQL (make deps).
    override func setUpWithError() throws { server = try Self.shared.get() }

    private let logger = Logger(label: "test")

    private func record(_ n: Int, revision: Int = 1, title: String? = nil) -> ArticleRecord {
        var article = CleanedArticle()
        article.url = "https://example.com/story-\(n)"
        article.title = title ?? "Story \(n)"
        article.paragraphs = [Paragraph("Paragraph of story number \(n), long enough to be a body.")]
        article.publishedRaw = ["2026-11-20T08:00:00+07:00"]
        var record = Normalizer().normalize(article, source: "src")
        record.id = "id\(n)"
        record.revision = revision
        return record
    }

    private func spool(_ records: [ArticleRecord]) throws -> String {
        let dir = Repository.temporaryDirectory("pg-spool")
        let writer = try SpoolWriter(directory: dir)
        for record in records { try writer.write(record) }
        return dir
    }

    private func deliver(_ dir: String, table: String, url: String? = nil, batch: Int = 200) throws -> DeliverySummary {
        let sink = try PostgreSQLSink(name: "pg", url: url ?? server.url, table: table)
        return SinkDelivery(
            consumer: try SpoolConsumer(directory: dir), sinks: [sink], batchSize: batch, logger: logger
        )
        .drain()
    }

    private func pending(_ dir: String) -> Int { ((try? SpoolConsumer(directory: dir))?.pendingNames().count ?? -1) }

    func testRecordsLandAsRowsAndOnlyAHigherRevisionReplacesOne() throws {
        let dir = try spool((1...3).map { record($0) })
        let first = try deliver(dir, table: "revisions")
        XCTAssertEqual(first.delivered, 3)
        XCTAssertEqual(first.inserted, 3)
        XCTAssertEqual(first.exitCode, .success)
        XCTAssertEqual(pending(dir), 0)
        let rows = try server.query(
            "SELECT id, revision, source, title, language, published_at AT TIME ZONE 'UTC', "
                + "record->>'canonical_url' = canonical_url FROM revisions ORDER BY id")
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows[0], "id1|1|src|Story 1|en|2026-11-20 01:00:00|t")

        // Revision 2 of id1 replaces the row; a late revision 1 of id2 and a replay of id3 change nothing.
        let writer = try SpoolWriter(directory: dir)
        try writer.write(record(1, revision: 2, title: "Story 1, corrected"))
        try writer.write(record(2, revision: 1, title: "An older copy"))
        try writer.write(record(3))
        let second = try deliver(dir, table: "revisions")
        XCTAssertEqual(second.delivered, 3)
        XCTAssertEqual(second.updated, 1)
        XCTAssertEqual(second.unchanged, 2)
        XCTAssertEqual(
            try server.query("SELECT id, revision, title, record->>'revision' FROM revisions ORDER BY id"),
            ["id1|2|Story 1, corrected|2", "id2|1|Story 2|1", "id3|1|Story 3|1"])
        // An older revision arriving after a newer one keeps the newer.
        try writer.write(record(1, revision: 1, title: "Story 1"))
        XCTAssertEqual(try deliver(dir, table: "revisions").unchanged, 1)
        XCTAssertEqual(try server.query("SELECT revision FROM revisions WHERE id = 'id1'"), ["2"])
    }

    func testACrashedDeliveryIsRedeliveredWithoutDoubleApplying() throws {
        let dir = try spool((1...4).map { record($0) })
        XCTAssertEqual(try deliver(dir, table: "crashes").delivered, 4)
        // A delivery that wrote its batch and died before removing it: the same records sit in
        // cur/ under a dead consumer's claim.
        let writer = try SpoolWriter(directory: dir)
        for n in 1...2 { try writer.write(record(n)) }
        let names = try SpoolConsumer(directory: dir).pendingNames()
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        for name in names {
            let tag = ":claim.\(child.processIdentifier).\(SpoolConsumer.hostName())"
            XCTAssertEqual(rename(dir + "/new/" + name, dir + "/cur/" + name + tag), 0)
        }
        let again = try deliver(dir, table: "crashes")
        XCTAssertEqual(again.recovered, 2)
        XCTAssertEqual(again.delivered, 2)
        XCTAssertEqual(again.unchanged, 2, "applied before the crash: nothing changes")
        XCTAssertEqual(try server.query("SELECT count(*) FROM crashes"), ["4"])
        XCTAssertEqual(((try? FileManager.default.contentsOfDirectory(atPath: dir + "/cur")) ?? []), [])
    }

    func testAnUnreachableSinkKeepsEveryRecordInTheSpool() throws {
        let dir = try spool((1...3).map { record($0) })
        let closed = try PostgreSQLServer.freePort()
        let summary = try deliver(dir, table: "never", url: "postgresql://postgres@127.0.0.1:\(closed)/postgres")
        XCTAssertTrue(summary.stopped)
        XCTAssertEqual(summary.exitCode, ExitStatus.ioError)
        XCTAssertEqual(summary.delivered, 0)
        XCTAssertEqual(pending(dir), 3)
        XCTAssertEqual(((try? FileManager.default.contentsOfDirectory(atPath: dir + "/cur")) ?? []), [])
    }

    func testARecordTheServerRefusesStaysAndTheRestIsDelivered() throws {
        // A revision beyond PostgreSQL's integer: "integer out of range" (SQLSTATE 22003).
        let dir = try spool([record(1), record(2, revision: Int(Int32.max) + 1), record(3)])
        let summary = try deliver(dir, table: "refusals")
        XCTAssertEqual(summary.delivered, 2)
        XCTAssertEqual(summary.rejected, 1)
        XCTAssertEqual(summary.exitCode, .partialFailure)
        XCTAssertEqual(try server.query("SELECT id FROM refusals ORDER BY id"), ["id1", "id3"])
        let left = try SpoolReader(directory: dir).records()
        XCTAssertEqual(left.map(\.id), ["id2"], "the refused record waits in new/")
    }

    func testTwoDeliveriesAtOnceApplyEachRecordOnce() throws {
        let dir = try spool((1...80).map { record($0) })
        let url = server.url
        let summaries = Locked<[DeliverySummary]>([])
        let logger = self.logger
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            guard let sink = try? PostgreSQLSink(name: "pg", url: url, table: "together"),
                let consumer = try? SpoolConsumer(directory: dir)
            else { return }
            let summary = SinkDelivery(consumer: consumer, sinks: [sink], batchSize: 5, logger: logger).drain()
            summaries.withLock { $0.append(summary) }
        }
        let both = summaries.current
        XCTAssertEqual(both.count, 2)
        XCTAssertEqual(both.map(\.delivered).reduce(0, +), 80)
        XCTAssertEqual(both.map(\.inserted).reduce(0, +), 80, "no record written by both")
        XCTAssertEqual(try server.query("SELECT count(*), count(DISTINCT id) FROM together"), ["80|80"])
    }

    func testTableNamesAreIdentifiersOnly() {
        XCTAssertEqual(PostgreSQLSink.quotedIdentifier("articles"), "\"articles\"")
        XCTAssertEqual(PostgreSQLSink.quotedIdentifier("news.articles_2"), "\"news\".\"articles_2\"")
        for bad in ["", "a;drop table x", "a\"b", "1abc", "a.b.c", "a.", String(repeating: "x", count: 64), "tëst"] {
            XCTAssertNil(PostgreSQLSink.quotedIdentifier(bad), bad)
            XCTAssertThrowsError(try PostgreSQLSink(name: "pg", url: "postgresql://x", table: bad))
        }
    }

    func testPasswordsAreKeptOutOfMessages() {
        XCTAssertEqual(
            PostgreSQLConnection.redacted("postgresql://user:secret@db:5432/news"), "postgresql://user:***@db:5432/news"
        )
        XCTAssertEqual(PostgreSQLConnection.redacted("postgresql://user@db/news"), "postgresql://user@db/news")
    }

    func testTimestampsThatCannotBeParsedBecomeNull() {
        let timestamps = PostgreSQLSink.TimestampFilter()
        XCTAssertEqual(timestamps.pass("2026-11-20T08:00:00+07:00"), "2026-11-20T08:00:00+07:00")
        XCTAssertEqual(timestamps.pass("2026-11-20T08:00:00.250Z"), "2026-11-20T08:00:00.250Z")
        XCTAssertNil(timestamps.pass("yesterday"))
        XCTAssertNil(timestamps.pass(nil))
    }
    func testANulCharacterIsStoredAsAReplacementAndAnEscapedBackslashIsKept() throws {
        // A NUL in a record (the normalizer drops them, but the spool is a protocol other
        // writers may use) and the six characters \u0000 in a programming guide's title:
        // jsonb refuses the first, the second is text.
        var nul = record(1)
        nul.title = "Nul\u{0}here"
        let dir = try spool([nul, record(2, title: "Write \\u0000 in C")])
        let summary = try deliver(dir, table: "nuls")
        XCTAssertEqual(summary.inserted, 2, summary.line)
        XCTAssertEqual(summary.rejected, 0)
        let rows = try server.query("SELECT title = record->>'title', record->>'title' FROM nuls ORDER BY id")
        XCTAssertEqual(rows, ["t|Nul\u{FFFD}here", "t|Write \\u0000 in C"])
    }

    func testTheJSONRewriteReadsEscapesPairByPair() {
        func rewrite(_ text: String) -> String { PostgreSQLSink.jsonWithoutNUL(Data(text.utf8)) }
        XCTAssertEqual(rewrite(#"{"t":"a\u0000b"}"#), #"{"t":"a\ufffdb"}"#)
        XCTAssertEqual(rewrite(#"{"t":"a\\u0000b"}"#), #"{"t":"a\\u0000b"}"#)
        XCTAssertEqual(rewrite(#"{"t":"a\\\u0000b"}"#), #"{"t":"a\\\ufffdb"}"#)
        XCTAssertEqual(rewrite(#"{"t":"\u00001"}"#), #"{"t":"\ufffd1"}"#)
        XCTAssertEqual(rewrite("\\"), "\\")
    }
}
