import Logging
import XCTest

@testable import NewsIngest

final class JSONLogHandlerTests: XCTestCase {
    private func object(_ line: String) throws -> [String: Any] {
        XCTAssertTrue(line.hasSuffix("}\n"))
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1, "one line")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    func testALineIsOneJSONObjectWithTheMetadataAsKeys() throws {
        let line = JSONLogHandler.line(
            time: Date(timeIntervalSince1970: 1_796_000_000.25), level: .warning, message: "article failed",
            metadata: [
                "article.url": "https://a.example/x?q=\"1\"", "stage": "fetch", "source": "wire",
                "reason": "line one\nline two\t\u{1}", "message": "shadowed", "list": ["a", "b"],
            ])
        let json = try object(line)
        XCTAssertEqual(json["time"] as? String, "2026-11-30T00:53:20.250Z")
        XCTAssertEqual(json["level"] as? String, "warning")
        XCTAssertEqual(json["message"] as? String, "article failed")
        XCTAssertEqual(json["metadata.message"] as? String, "shadowed")
        XCTAssertEqual(json["article.url"] as? String, "https://a.example/x?q=\"1\"")
        XCTAssertEqual(json["reason"] as? String, "line one\nline two\t\u{1}")
        XCTAssertEqual(json["source"] as? String, "wire")
        XCTAssertEqual(json["list"] as? [String], ["a", "b"])
    }

    func testTheHandlerMergesItsOwnMetadataAndFiltersByLevel() throws {
        let lines = Locked<[String]>([])
        var handler = JSONLogHandler(label: "t") { line in lines.withLock { $0.append(line) } }
        handler.logLevel = .notice
        handler[metadataKey: "run"] = "7"
        let logger = Logger(label: "t", factory: { _ in handler })
        logger.info("not shown")
        logger.notice("shown", metadata: ["source": "a"])
        XCTAssertEqual(lines.current.count, 1)
        let json = try object(lines.current[0])
        XCTAssertEqual(json["run"] as? String, "7")
        XCTAssertEqual(json["source"] as? String, "a")
    }
}
