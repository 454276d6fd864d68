import TestSupport
import XCTest

@testable import NewsIngest

final class WARCReaderTests: XCTestCase {
    private let page = Array(
        "<html><body><article><p>Archived article text, long enough.</p></article></body></html>".utf8)

    private func sampleArchive() throws -> WARCBuilder {
        var warc = WARCBuilder()
        warc.record(
            type: "warcinfo", uri: nil, contentType: "application/warc-fields", block: Array("software: test\r\n".utf8))
        warc.record(
            type: "request", uri: "https://news.test/a", contentType: "application/http; msgtype=request",
            block: Array("GET /a HTTP/1.1\r\nHost: news.test\r\n\r\n".utf8))
        warc.response(uri: "https://news.test/a", body: page)
        let chunked =
            Array("1a\r\n".utf8) + Array(page.prefix(26)) + Array("\r\n".utf8)
            + Array(String(page.count - 26, radix: 16).utf8) + Array("\r\n".utf8) + Array(page.dropFirst(26))
            + Array("\r\n0\r\n\r\n".utf8)
        warc.response(uri: "https://news.test/chunked", extraHeaders: ["Transfer-Encoding: chunked"], body: chunked)
        warc.response(
            uri: "https://news.test/gz", extraHeaders: ["Content-Encoding: gzip"], body: try WARCBuilder.gzip(page))
        warc.response(uri: "https://news.test/logo.png", contentType: "image/png", body: [0x89, 0x50, 0x4E, 0x47])
        return warc
    }

    private func readAll(_ path: String, limit: Int = 1 << 20) throws -> [WARCRecord] {
        let reader = try WARCReader(path: path, maxRecordBytes: limit)
        var records: [WARCRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    func testPlainAndPerRecordGzipFilesReadTheSame() throws {
        let dir = Repository.temporaryDirectory("warc")
        let warc = try sampleArchive()
        try warc.write(to: dir + "/a.warc", gzipPerRecord: false)
        try warc.write(to: dir + "/a.warc.gz", gzipPerRecord: true)
        for path in [dir + "/a.warc", dir + "/a.warc.gz"] {
            let records = try readAll(path)
            XCTAssertEqual(
                records.map(\.type), ["warcinfo", "request", "response", "response", "response", "response"], path)
            XCTAssertEqual(records.map(\.ordinal), Array(0..<6))
            XCTAssertEqual(records[2].targetURI, "https://news.test/a")
            XCTAssertEqual(records[2].date, "2026-11-20T10:00:00Z")
            for index in 2...4 {
                let response = try ArchivedResponse(block: records[index].block, maxBodyBytes: 1 << 20)
                XCTAssertEqual(response.status, 200)
                XCTAssertEqual(response.body, page, "\(path) record \(index): chunked and gzip payloads decoded")
            }
            XCTAssertEqual(
                try ArchivedResponse(block: records[5].block, maxBodyBytes: 1 << 20).contentType, "image/png")
        }
    }

    func testOversizedRecordsAreSkippedUnread() throws {
        let dir = Repository.temporaryDirectory("warc")
        var warc = WARCBuilder()
        warc.response(uri: "https://news.test/big", body: Array(repeating: UInt8(ascii: "a"), count: 300_000))
        warc.response(uri: "https://news.test/small", body: page)
        try warc.write(to: dir + "/big.warc.gz", gzipPerRecord: true)
        let records = try readAll(dir + "/big.warc.gz", limit: 100_000)
        XCTAssertEqual(records.count, 2)
        XCTAssertTrue(records[0].oversized)
        XCTAssertTrue(records[0].block.isEmpty)
        XCTAssertFalse(records[1].oversized)
        XCTAssertEqual(records[1].targetURI, "https://news.test/small")
    }

    func testDamagedFilesGiveClearErrorsAfterTheGoodRecords() throws {
        let dir = Repository.temporaryDirectory("warc")
        var warc = WARCBuilder()
        warc.response(uri: "https://news.test/ok", body: page)
        warc.raw(Array("this is not a WARC record\r\n\r\n".utf8))
        try warc.write(to: dir + "/bad.warc", gzipPerRecord: false)
        let reader = try WARCReader(path: dir + "/bad.warc", maxRecordBytes: 1 << 20)
        XCTAssertEqual(try reader.next()?.targetURI, "https://news.test/ok")
        XCTAssertThrowsError(try reader.next()) { error in
            XCTAssertTrue("\(error)".contains("expected a WARC/1.x version line"), "\(error)")
            XCTAssertEqual((error as? WARCError)?.code, .malformed)
        }
        // Truncated inside a block.
        var cut = WARCBuilder()
        cut.response(uri: "https://news.test/cut", body: page)
        try Data(cut.records[0].dropLast(40)).write(to: URL(fileURLWithPath: dir + "/cut.warc"))
        XCTAssertThrowsError(try readAll(dir + "/cut.warc")) { error in
            XCTAssertTrue("\(error)".contains("ends inside its block"), "\(error)")
        }
        // A gzip member that is damaged.
        var gz = try WARCBuilder.gzip(cut.records[0])
        gz[gz.count / 2] ^= 0xFF
        gz[gz.count / 2 + 1] ^= 0xFF
        try Data(gz).write(to: URL(fileURLWithPath: dir + "/damaged.warc.gz"))
        XCTAssertThrowsError(try readAll(dir + "/damaged.warc.gz"))
        XCTAssertThrowsError(try ArchivedResponse(block: Array("no http here".utf8), maxBodyBytes: 100)) {
            XCTAssertEqual(($0 as? WARCError)?.code, .badRecord)
            XCTAssertNil(($0 as? WARCError)?.path, "a record's error, not the file's")
        }
        XCTAssertThrowsError(try WARCReader(path: dir + "/none.warc", maxRecordBytes: 1 << 20)) {
            XCTAssertEqual(($0 as? WARCError)?.code, .unreadable)
        }
    }

    func testAGzipBombPayloadStopsAtTheLimit() throws {
        let bomb = try WARCBuilder.gzip(Array(repeating: 0, count: 20 << 20))
        var http = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".utf8)
        http += bomb
        XCTAssertThrowsError(try ArchivedResponse(block: http, maxBodyBytes: 1 << 20)) { error in
            XCTAssertTrue("\(error)".contains("more than"), "\(error)")
        }
    }
}

final class ProgressReporterTests: XCTestCase {
    func testLineShowsDoneTotalShareRateAndFailures() {
        let progress = ProgressReporter(
            label: "backfill", total: 10, interval: 60, live: false, logger: .init(label: "test"))
        for i in 0..<3 { progress.advance(failed: i == 0) }
        let line = progress.line
        XCTAssertTrue(line.hasPrefix("backfill 3/10 30.0% "), line)
        XCTAssertTrue(line.contains("/s ETA "), line)
        XCTAssertTrue(line.hasSuffix("failed 1"), line)
        let archive = ProgressReporter(
            label: "warc", total: nil, interval: 60, live: false, logger: .init(label: "test"))
        archive.setFraction(0.25)
        archive.advance()
        XCTAssertTrue(archive.line.hasPrefix("warc 1 25.0% "), archive.line)
        XCTAssertEqual(ProgressReporter.duration(59), "59s")
        XCTAssertEqual(ProgressReporter.duration(3725), "1h02m")
    }
}
