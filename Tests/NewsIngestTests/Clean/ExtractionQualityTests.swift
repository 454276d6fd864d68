import Foundation
import TestSupport
import XCTest

@testable import NewsIngest

/// The quality gate: extraction over each tuning set must not fall below the floors recorded
/// in samples/expected/<set>-floor.json. Each set is scored by its own scorer (tools/score.py);
/// the dev set's metadata as `make eval` does.
final class ExtractionQualityTests: XCTestCase {
    struct Floor: Decodable {
        let bodyF1: Double
        let bodyPrecision: Double
        let title: Double
        let date: Double
        let authors: Double
        let language: Double
    }

    struct Meta: Decodable {
        let title: String?
        let authors: [String]?
        let published: String?
        let language: String?
    }

    func testDevSetStaysAboveTheRecordedFloors() throws {
        guard let devset = Repository.devset else { throw XCTSkip("the dev set is not next to this checkout") }
        let floor = try floors(Floor.self, of: "devset")
        let pages = devset + "/pages"
        let ids = try FileManager.default.contentsOfDirectory(atPath: pages).sorted()
        let output = Repository.temporaryDirectory("quality")
        let all = try extract(pages: pages, ids: ids, into: output, records: false)

        // Body: the dev set's own scorer.
        let scores = try score(with: devset + "/tools/score.py", output)
        let mix = try XCTUnwrap(((scores["overall"] as? [String: Any])?["mix"]) as? [String: Any])
        let f1 = try XCTUnwrap(mix["f1"] as? Double)
        let precision = try XCTUnwrap(mix["precision"] as? Double)
        XCTAssertGreaterThanOrEqual(f1, floor.bodyF1, "body F1")
        XCTAssertGreaterThanOrEqual(precision, floor.bodyPrecision, "body precision")

        // Metadata.
        func normal(_ s: String?) -> String { Whitespace.collapse((s ?? "").precomposedStringWithCanonicalMapping) }
        var counts: [String: (Int, Int)] = [:]
        func count(_ field: String, _ ok: Bool) {
            counts[field, default: (0, 0)].0 += ok ? 1 : 0
            counts[field, default: (0, 0)].1 += 1
        }
        for id in ids {
            let meta = try JSONDecoder().decode(
                Meta.self, from: Data(contentsOf: URL(fileURLWithPath: pages + "/" + id + "/meta.json")))
            let record = all[id]
            if let title = meta.title, !title.isEmpty { count("title", normal(record?.title) == normal(title)) }
            if let published = meta.published, !published.isEmpty {
                count("date", record?.publishedAt?.prefix(10) == published.prefix(10))
            }
            if let authors = meta.authors, !authors.isEmpty {
                let want = Set(authors.map { normal($0).lowercased() })
                count("authors", Set((record?.authors ?? []).map { normal($0).lowercased() }) == want)
            }
            if let language = meta.language, !language.isEmpty { count("language", record?.language == language) }
        }
        func share(_ field: String) -> Double { counts[field].map { Double($0.0) / Double(max(1, $0.1)) } ?? 0 }
        XCTAssertGreaterThanOrEqual(share("title"), floor.title, "title")
        XCTAssertGreaterThanOrEqual(share("date"), floor.date, "date")
        XCTAssertGreaterThanOrEqual(share("authors"), floor.authors, "authors")
        XCTAssertGreaterThanOrEqual(share("language"), floor.language, "language")
        print(
            String(
                format: "dev set: body F1 %.3f P %.3f; title %.3f date %.3f authors %.3f language %.3f", f1, precision,
                share("title"), share("date"), share("authors"), share("language")))
    }

    /// The floors of the long tail of layouts: the benchmark's word F1 (mean over pages),
    /// pages under F1 0.5 and empty bodies at most as many as recorded, title, date and
    /// authors as its scorer counts them.
    func testWCXBArticlesStayAboveTheRecordedFloors() throws {
        guard let wcxb = Repository.wcxb else { throw XCTSkip("the WCXB set is not next to this checkout") }
        struct WCXBFloor: Decodable {
            let bodyF1: Double
            let bodyPrecision: Double
            let bodyRecall: Double
            let maxUnderHalf: Int
            let maxEmpty: Int
            let title: Double
            let date: Double
            let authors: Double
        }
        let floor = try floors(WCXBFloor.self, of: "wcxb")
        let pages = wcxb + "/pages"
        let ids = try FileManager.default.contentsOfDirectory(atPath: pages).sorted()
        let output = Repository.temporaryDirectory("quality-wcxb")
        _ = try extract(pages: pages, ids: ids, into: output, records: true)
        let scores = try score(with: wcxb + "/tools/score.py", output)
        func figure(_ key: String) throws -> Double { try XCTUnwrap(scores[key] as? Double, key) }
        XCTAssertGreaterThanOrEqual(try figure("f1"), floor.bodyF1, "body F1")
        XCTAssertGreaterThanOrEqual(try figure("precision"), floor.bodyPrecision, "body precision")
        XCTAssertGreaterThanOrEqual(try figure("recall"), floor.bodyRecall, "body recall")
        XCTAssertLessThanOrEqual(try XCTUnwrap(scores["under_0.5"] as? Int), floor.maxUnderHalf, "pages under 0.5")
        XCTAssertLessThanOrEqual(try XCTUnwrap(scores["empty"] as? Int), floor.maxEmpty, "empty bodies")
        XCTAssertGreaterThanOrEqual(try figure("title"), floor.title, "title")
        XCTAssertGreaterThanOrEqual(try figure("date"), floor.date, "date")
        XCTAssertGreaterThanOrEqual(try figure("authors"), floor.authors, "authors")
        print(
            String(
                format: "wcxb: body F1 %.3f P %.3f R %.3f; under 0.5 %d, empty %d; title %.3f date %.3f authors %.3f",
                try figure("f1"), try figure("precision"), try figure("recall"), scores["under_0.5"] as? Int ?? -1,
                scores["empty"] as? Int ?? -1, try figure("title"), try figure("date"), try figure("authors")))
    }

    /// Every page's body to `<id>.txt` (and, with `records`, its record to `<id>.json`, the
    /// layout `extract --input-dir` writes and the scorers read), on every core.
    private func extract(pages: String, ids: [String], into output: String, records writeRecords: Bool) throws
        -> [String: ArticleRecord]
    {
        let extractor = Extractor()
        let records = Locked([String: ArticleRecord]())
        DispatchQueue.concurrentPerform(iterations: ids.count) { index in
            let id = ids[index]
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: pages + "/" + id + "/page.html")),
                let record = try? extractor.extract(bytes: [UInt8](data), format: .html, url: nil)
            else { return }
            try? (record.text + "\n").write(toFile: output + "/" + id + ".txt", atomically: false, encoding: .utf8)
            if writeRecords, let json = try? record.jsonData() {
                try? json.write(to: URL(fileURLWithPath: output + "/" + id + ".json"))
            }
            records.withLock { $0[id] = record }
        }
        return records.current
    }

    /// The floors recorded for a set, from samples/expected/<set>-floor.json.
    private func floors<T: Decodable>(_ type: T.Type, of set: String) throws -> T {
        let snakeCase = JSONDecoder()
        snakeCase.keyDecodingStrategy = .convertFromSnakeCase
        return try snakeCase.decode(
            type, from: Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/expected/\(set)-floor.json"))))
    }

    /// A set's scorer over `output`, its figures as JSON.
    private func score(with scorer: String, _ output: String) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scorer, output, "--json", output + "/scores.json"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, scorer)
        return try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/scores.json")))
                as? [String: Any])
    }
}
