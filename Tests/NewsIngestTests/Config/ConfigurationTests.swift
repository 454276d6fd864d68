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
        XCTAssertEqual(
            sources.map(\.id), ["example-en", "example-vi", "example-id", "example-sitemap", "example-home"])
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
        XCTAssertThrowsError(
            try Configuration.parse("[[source]]\nid = \"a\"\nfeed = \"http://x.test/f\"\nlang = \"vi\"\n")
        ) { error in
            XCTAssertTrue("\(error)".contains("source[0].lang"), "\(error)")
        }
    }

    func testBadValuesNameTheKeyAndTheExpectedForm() {
        let cases: [(String, String)] = [
            (
                "[fetch]\nconcurrency = \"eight\"\n",
                "fetch.concurrency: expected an integer from 1 to 256 (found string)"
            ),
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

    /// TOMLKit follows TOML 1.0: leading zeros, bare fractions, a key or table defined twice, bare
    /// words and unclosed strings are errors that name the file and the line (the hand-written
    /// reader it replaced accepted `08` and `.5`).
    func testInvalidTOMLIsRejectedWithItsLine() {
        let cases: [(String, String)] = [
            ("[fetch]\nconcurrency = 08\n", "line 2"),
            ("[pipeline]\nmax_page_seconds = .5\n", "line 2"),
            ("[fetch]\nconcurrency = 1\nconcurrency = 2\n", "line 3"),
            ("[fetch]\n[fetch]\n", "line 2"),
            ("[run]\nspool_dir = bare words\n", "line 2"),
            ("[run]\nspool_dir = \"unterminated\n", "line 2"),
            // Headers without a key: toml++ would abort the process on them (found by the fuzzer).
            ("[[&source]]\nid = \"a\"\n", "line 1: a table header needs a key"),
            ("[run]\n[[[1]]]\n", "line 2: a table header needs a key"),
            ("[[=\n", "line 1: a table header needs a key"),
            ("[ ]\n", "line 1: a table header needs a key"),
            ("\u{FEFF}\t[~\n", "line 1: a table header needs a key"),
            ("[run]\r\n[[&source]]\r\n", "line 2: a table header needs a key"),
            // A ''' in a comment opens no string: the header after it is still read (found by the fuzzer).
            ("# it'''s\n[[\u{FFFD}\n", "line 2: a table header needs a key"),
            ("a = 'x' # '''\n[ ~]\n", "line 2: a table header needs a key"),
            // A "}" where an array expects a value: toml++ would abort on it too (found by the fuzzer).
            ("[fetch]\nallow_addresses = [}\n", "line 2: expected a value in the array, found '}'"),
            ("[fetch]\nallow_addresses = [\"127.0.0.1\", # comment\n}\n", "line 3: expected a value in the array"),
            ("a = [[1], }\n", "line 1: expected a value in the array"),
            // A date, a space and a one-digit hour: toml++ would assert on it (found by the fuzzer).
            ("[run]\nstarted = 1979-05-27 7\n", "line 2: a date followed by a time needs a two-digit hour"),
            ("a = [1_979-05-27 0, 1]\n", "line 1: a date followed by a time"),
            ("a =0570-07-16 7 ", "line 1: a date followed by a time"),
            // Whitespace TOML does not have, where toml++ expects a value: it would assert (the fuzzer's).
            ("feed = [[\u{85}1]]\n", "line 1: U+0085 is allowed only in strings and comments"),
            ("[run]\nspool_dir =\u{2028}\"x\"\n", "line 2: U+2028 is allowed only"),
            ("a = \u{0B}1\n", "line 1: U+000B is allowed only"),
            ("caf\u{E9} = 1\n", "line 1: U+00E9 is allowed only"),
            // toml++ counts scalars and lets most of them through: this is its "date" too.
            ("a =0570-7\u{FFFD}-16 7 ", "line 1: a date followed by a time"),
            ("a =057/-'\u{FFFD}-16 3]", "line 1: a date followed by a time"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try Configuration.parse(text, file: "c.toml"), text) { error in
                XCTAssertTrue("\(error)".hasPrefix("c.toml: \(expected)"), "\(error) should name \(expected)")
            }
        }
    }

    /// The hazard checks refuse only invalid TOML: dates and date-times that look like the shapes
    /// they refuse still parse.
    func testHazardChecksLetValidDatesThrough() throws {
        let text = """
            a = 1979-05-27 07:32:00
            b = 1979-05-27 # a comment
            c = [1979-05-27 , 1979-05-27 00:00:00Z]
            d = "1979-05-27 7"  # café, in a comment: any character will do
            e = 1979-05-27T07:32:00
            """
        let table = try TOMLDocument.parse(text, file: "c.toml")
        XCTAssertEqual(Set(table.keys), ["a", "b", "c", "d", "e"])
        XCTAssertEqual(table["d"]?.string, "1979-05-27 7")
    }

    /// What the reader still accepts: every TOML form our files use.
    func testTOMLFormsTheConfigurationUses() throws {
        let config = try Configuration.parse(
            """
            # comment
            [ "fetch" ]
            user_agent = 'NewsIngest "test"' # literal string, trailing comment
            concurrency = 1_6
            timeout_seconds = 2.5
            respect_robots = false
            allow_addresses = [
              "127.0.0.1",
              "10.0.0.0/8",
            ]
            # a comment with ''' in it opens no string, nor does "[" or "}" here
            [pipeline]
            max_page_seconds = 20
            [dedupe]
            tracking_parameters = [
            "a",
            "b"]
            [run]
            spool_dir = '''
            [not a header: inside a multi-line string
            spool'''

            [[source]]
            id = "a"
            feed = 'http://a.test/feed'
            [[source]]
            id = "b"
            sitemap = "http://b.test/sitemap.xml"
            """)
        XCTAssertEqual(config.fetch.userAgent, "NewsIngest \"test\"")
        XCTAssertEqual(config.fetch.concurrency, 16)
        XCTAssertEqual(config.fetch.timeoutSeconds, 2.5)
        XCTAssertFalse(config.fetch.respectRobots)
        XCTAssertEqual(config.fetch.allowAddresses, ["127.0.0.1", "10.0.0.0/8"])
        XCTAssertEqual(config.pipeline.maxPageSeconds, 20)
        XCTAssertEqual(config.dedupe.trackingParameters, ["a", "b"])
        XCTAssertEqual(config.run.spoolDir, "[not a header: inside a multi-line string\nspool")
        XCTAssertEqual(config.sources.map(\.id), ["a", "b"])
        XCTAssertEqual(config.sources.first?.feed, "http://a.test/feed")
    }

    func testLoadResolvesPathsAndMergesSourcesFile() throws {
        let dir = Repository.temporaryDirectory()
        try "[[source]]\nid = \"b\"\nfeed = \"https://b.test/rss\"\n".write(
            toFile: dir + "/more.toml", atomically: true, encoding: .utf8)
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
