import Foundation
import TestSupport
import XCTest

@testable import NewsIngest

/// The quality gate: extraction over the dev set must not fall below the floors recorded in
/// samples/expected/devset-floor.json. Body text is scored by the set's own scorer
/// (tools/score.py, metric "mix"); metadata as `make eval` does.
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
        let snakeCase = JSONDecoder()
        snakeCase.keyDecodingStrategy = .convertFromSnakeCase
        let floor = try snakeCase.decode(
            Floor.self,
            from: Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/expected/devset-floor.json"))))
        let pages = devset + "/pages"
        let ids = try FileManager.default.contentsOfDirectory(atPath: pages).sorted()
        let output = Repository.temporaryDirectory("quality")
        let extractor = Extractor()
        let records = Locked([String: ArticleRecord]())
        DispatchQueue.concurrentPerform(iterations: ids.count) { index in
            let id = ids[index]
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: pages + "/" + id + "/page.html")),
                let record = try? extractor.extract(bytes: [UInt8](data), format: .html, url: nil)
            else { return }
            try? (record.text + "\n").write(toFile: output + "/" + id + ".txt", atomically: false, encoding: .utf8)
            records.withLock { $0[id] = record }
        }

        // Body: the dev set's own scorer.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", devset + "/tools/score.py", output, "--json", output + "/scores.json"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let scores = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output + "/scores.json")))
                as? [String: Any])
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
        let all = records.current
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
}
