import TestSupport
import XCTest

@testable import NewsIngest

final class LexiconTests: XCTestCase {
    func testBundledLexiconHoldsEveryConcern() {
        for concern in Lexicon.Concern.allCases {
            XCTAssertFalse(Lexicon.bundled.phrases(concern).isEmpty, concern.rawValue)
        }
    }

    /// One concept, one list: a phrase under two concerns is a list that drifted in two places,
    /// unless [overlaps] declares the pair with its reason ("a/b: words — why").
    func testNoPhraseSitsUnderTwoConcernsUnlessDeclared() throws {
        var declared: Set<String> = []
        for entry in Lexicon.bundled.phrases(.overlaps) {
            let head = try XCTUnwrap(entry.components(separatedBy: " — ").first, entry)
            let parts = head.split(separator: ":", maxSplits: 1)
            XCTAssertEqual(parts.count, 2, entry)
            XCTAssertTrue(entry.contains(" — "), "an overlap needs its reason: \(entry)")
            let pair = parts[0].split(separator: "/").map(String.init).sorted()
            for word in parts[1].split(separator: " ") { declared.insert("\(pair.joined(separator: "/")) \(word)") }
        }
        var owner: [String: String] = [:]
        var found: Set<String> = []
        for concern in Lexicon.Concern.allCases where concern != .overlaps {
            for phrase in Set(Lexicon.bundled.phrases(concern)) where !phrase.isEmpty {
                if let other = owner[phrase] {
                    let key = "\([other, concern.rawValue].sorted().joined(separator: "/")) \(phrase)"
                    XCTAssertTrue(declared.contains(key), "'\(phrase)' is under \(other) and \(concern.rawValue)")
                    found.insert(key)
                } else {
                    owner[phrase] = concern.rawValue
                }
            }
        }
        XCTAssertEqual(found, declared, "every declared overlap exists")
    }

    func testMalformedLexiconsAreRefusedByName() {
        let complete = Lexicon.Concern.allCases.map { "[\($0.rawValue)]\nxx = [\"w\($0.rawValue.count)\"]\n" }
        let months = "[month_names]\nxx = [" + (1...12).map { "\"m\($0)\"" }.joined(separator: ", ") + "]\n"
        func lexicon(_ parts: [String]) -> String {
            parts.filter { !$0.hasPrefix("[month_names]") }.joined() + months
        }
        XCTAssertNoThrow(try Lexicon(toml: lexicon(complete)))
        let cases: [(String, String)] = [
            (lexicon(complete) + "[colour_words]\nen = [\"red\"]\n", "unknown concern 'colour_words'"),
            (lexicon(Array(complete.dropFirst())), "missing concern [byline_openers]"),
            (
                lexicon(complete).replacingOccurrences(
                    of: "[stopwords]\nxx = [\"w9\"]", with: "[stopwords]\nxx = [\"W\"]"),
                "stopwords.xx: expected lowercase strings"
            ),
            (lexicon(complete).replacingOccurrences(of: "\"m12\"]", with: "\"m1\"]"), "'m1' names months 1 and 12"),
            (lexicon(complete).replacingOccurrences(of: ", \"m12\"]", with: "]"), "month_names.xx: expected 12 names"),
            (lexicon(complete) + "[stopwords.en]\n", "stopwords.en: expected an array of strings"),
            (lexicon(complete) + "[byline_openers]\n", "line "),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try Lexicon(toml: text), expected) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error) should contain \(expected)")
            }
        }
    }

    /// The cleaner reads the lexicon it is given, not a copy of its own.
    func testTheCleanerUsesTheLexiconHandedIn() throws {
        let page = Array(
            """
            <html><body><article><h1>Council votes</h1>
            <p>The council voted on Tuesday to build a new bridge over the river after a long debate.</p>
            <p>Zqwidget</p>
            <p>Members said the bridge would open in two years and cost less than the old plan.</p>
            </article></body></html>
            """.utf8)
        let bundled = try HTMLCleaner(lexicon: .bundled).clean(bytes: page, url: nil)
        XCTAssertTrue(bundled.paragraphs.contains { $0.text == "Zqwidget" })
        let path = Repository.path("Sources/NewsIngest/Resources/lexicon.toml")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "[widget_labels]\n", with: "[widget_labels]\nxx = [\"zqwidget\"]\n")
        let custom = try HTMLCleaner(lexicon: Lexicon(toml: text)).clean(bytes: page, url: nil)
        XCTAssertFalse(custom.paragraphs.contains { $0.text == "Zqwidget" })
        XCTAssertEqual(custom.paragraphs.count, bundled.paragraphs.count - 1)
    }
}
