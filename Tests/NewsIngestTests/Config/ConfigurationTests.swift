import TestSupport
import XCTest

@testable import NewsIngest

final class ConfigurationTests: XCTestCase {
    func testShippedDefaultsFileMatchesTheBuiltInDefaults() throws {
        let text = try String(contentsOfFile: Repository.path("config/newsingest.toml"), encoding: .utf8)
        XCTAssertEqual(try Configuration.parse(text), Configuration())
        XCTAssertEqual(try Configuration.parse(Configuration.defaultsTOML), Configuration())
    }

    func testExampleSourcesParse() throws {
        let text = try String(contentsOfFile: Repository.path("config/sources.example.toml"), encoding: .utf8)
        let sources = try Configuration.parseSources(text, file: "sources.example.toml")
        XCTAssertEqual(sources.map(\.id), ["example-en", "example-vi", "example-id", "example-sitemap", "example-home"])
        XCTAssertEqual(sources[1].language, "vi")
        XCTAssertEqual(sources[2].timezone, "Asia/Jakarta")
        XCTAssertEqual(sources[3].sitemap, "https://news.example.org/sitemap-news.xml")
        XCTAssertEqual(sources[3].maxAgeDays, 3)
        XCTAssertNil(sources[3].feed)
        XCTAssertEqual(sources[4].discoveryURLs, ["https://www.example.net/"])
    }

    func testUnknownKeysAreRejectedByName() {
        XCTAssertThrowsError(try Configuration.parse("[fetch]\nconcurency = 3\n")) { error in
            XCTAssertTrue("\(error)".contains("unknown key 'fetch.concurency'"), "\(error)")
        }
        XCTAssertThrowsError(try Configuration.parse("colour = 1\n")) { error in
            XCTAssertTrue("\(error)".contains("unknown key 'colour'"), "\(error)")
        }
        XCTAssertThrowsError(try Configuration.parse("[[source]]\nid = \"a\"\nfeed = \"http://x.test/f\"\nlang = \"vi\"\n")) { error in
            XCTAssertTrue("\(error)".contains("source[0].lang"), "\(error)")
        }
    }

    func testBadValuesNameTheKeyAndTheExpectedForm() {
        let cases: [(String, String)] = [
            ("[fetch]\nconcurrency = \"eight\"\n", "fetch.concurrency: expected an integer from 1 to 256 (found string)"),
            ("[fetch]\nconcurrency = 0\n", "fetch.concurrency: expected an integer from 1 to 256, not 0"),
            ("[fetch]\ntimeout_seconds = -1\n", "fetch.timeout_seconds"),
            ("[normalize]\ndefault_timezone = \"Mars/Olympus\"\n", "normalize.default_timezone"),
            ("[[source]]\nid = \"a\"\nfeed = \"ftp://x.test/f\"\n", "source[0].feed: expected an http or https URL"),
            ("[[source]]\nid = \"a\"\n", "source[0].feed"),
            ("[[source]]\nid = \"a\"\nfeed = \"http://x.test/f\"\nlanguage = \"Vietnamese\"\n", "source[0].language"),
            ("run = 3\n", "run: expected a table"),
            ("[fetch]\nallow_addresses = [\"localhost\"]\n", "fetch.allow_addresses"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try Configuration.parse(text), text) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error) should contain \(expected)")
            }
        }
    }

    func testLoadResolvesPathsAndMergesSourcesFile() throws {
        let dir = Repository.temporaryDirectory()
        try "[[source]]\nid = \"b\"\nfeed = \"https://b.test/rss\"\n".write(toFile: dir + "/more.toml", atomically: true, encoding: .utf8)
        try """
            [run]
            spool_dir = "out/spool"
            sources_file = "more.toml"
            [[source]]
            id = "a"
            feed = "https://a.test/rss"
            language = "id"
            """.write(toFile: dir + "/main.toml", atomically: true, encoding: .utf8)
        let config = try Configuration.load(path: dir + "/main.toml")
        XCTAssertEqual(config.run.spoolDir, URL(fileURLWithPath: dir + "/out/spool").standardizedFileURL.path)
        XCTAssertEqual(config.run.stateDir, URL(fileURLWithPath: dir + "/state").standardizedFileURL.path)
        XCTAssertEqual(config.sources.map(\.id), ["a", "b"])
    }

    func testDuplicateSourceIDsAreRejected() throws {
        let dir = Repository.temporaryDirectory()
        try "[[source]]\nid = \"a\"\nfeed = \"https://a.test/1\"\n[[source]]\nid = \"a\"\nfeed = \"https://a.test/2\"\n"
            .write(toFile: dir + "/c.toml", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Configuration.load(path: dir + "/c.toml")) { error in
            XCTAssertTrue("\(error)".contains("'a' is used twice"))
        }
    }
}
