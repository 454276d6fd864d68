import XCTest

@testable import NewsIngest

final class WebURLTests: XCTestCase {
    func testParsesTheParts() throws {
        let url = try XCTUnwrap(WebURL("HTTPS://user:pw@Example.COM:8443/a/../b/./c?x=1#frag"))
        XCTAssertEqual(url.scheme, "https")
        XCTAssertEqual(url.user, "user")
        XCTAssertEqual(url.password, "pw")
        XCTAssertEqual(url.host, "Example.COM")
        XCTAssertEqual(url.port, 8443)
        XCTAssertEqual(url.path, "/b/c", "dot segments are removed")
        XCTAssertEqual(url.query, "x=1")
        XCTAssertEqual(url.fragment, "frag")
        XCTAssertEqual(url.description, "https://user:pw@Example.COM:8443/b/c?x=1#frag")
        XCTAssertEqual(WebURL("http://[::1]/")?.bareHost, "::1")
        XCTAssertEqual(WebURL("http://example.com")?.path, "/")
    }

    func testUnsafeBytesAreEncodedOutsideTheHost() {
        XCTAssertEqual(
            WebURL("https://example.com/a b/ü?q=<x>")?.description, "https://example.com/a%20b/%C3%BC?q=%3Cx%3E")
        XCTAssertEqual(
            WebURL("  https://example.com/long\n/path\t \n")?.description, "https://example.com/long/path",
            "white space around is trimmed, line breaks and tabs inside are removed")
        XCTAssertEqual(WebURL("https://münchen.de/x")?.host, "münchen.de")
    }

    /// Hostile URLs from pages: none may trap, each is simply no URL.
    func testHostileURLsAreNoURLs() {
        let hostile = [
            "https://blog.example.fr%2Farticles%2F2025-12-15%2Btitle", "https://%00/", "https://\u{0}/",
            "https://exa mple.com/",
            "https://example.com:99999/", "//example.com/x", "mailto:x@example.com", "", "   ", "https://",
            "http://[::1",
            "https://%zz/", String(repeating: "a", count: 100_000), "https://" + String(repeating: "a.", count: 50_000),
            "javascript:alert(1)", "https://example.com/\u{0}x", "\u{FEFF}https://x.example/",
        ]
        for string in hostile {
            let url = WebURL(string)
            if let url {
                XCTAssertTrue(WebURL(url.description) != nil, "what parses prints as a URL: \(string.prefix(60))")
            }
        }
        XCTAssertNil(WebURL("https://blog.example.fr%2Farticles%2F2025-12-15%2Btitle"))
        XCTAssertNil(WebURL("https://%00/"))
        XCTAssertNil(WebURL("https://exa\u{0}mple.com/"))
        XCTAssertEqual(
            WebURL("https://example.com/\u{0}x")?.description, "https://example.com/%00x",
            "a NUL outside the host is encoded like any control byte")
    }

    func testResolvesReferencesByRFC3986() throws {
        let base = try XCTUnwrap(WebURL("https://ex.com/a/b/c.html?x=1#top"))
        let cases: [(String, String?)] = [
            ("d.html", "https://ex.com/a/b/d.html"), ("../d", "https://ex.com/a/d"), ("/root", "https://ex.com/root"),
            ("//other.org/p", "https://other.org/p"), ("?y=2", "https://ex.com/a/b/c.html?y=2"),
            ("#f", "https://ex.com/a/b/c.html?x=1#f"), ("", "https://ex.com/a/b/c.html?x=1"),
            ("https://x.org/", "https://x.org/"), ("a b.jpg", "https://ex.com/a/b/a%20b.jpg"),
            ("javascript:alert(1)", nil), ("https://%00/", nil),
        ]
        for (reference, expected) in cases {
            XCTAssertEqual(WebURL(reference, relativeTo: base)?.description, expected, reference)
        }
    }
}

final class CrashJournalTests: XCTestCase {
    func testTheJournalIsReadOnceAndSplitByWhatCrashed() throws {
        let dir = NSTemporaryDirectory() + "journal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let lines = "crashed\thttps://a.example/1\ninflight\thttps://a.example/2\ncrashed\tfile.warc#7\ngarbage\n"
        try lines.write(toFile: dir + "/" + CrashJournal.fileName, atomically: true, encoding: .utf8)
        let taken = CrashJournal.take(stateDirectory: dir)
        XCTAssertEqual(taken.crashed, ["https://a.example/1", "file.warc#7"])
        XCTAssertEqual(taken.inflight, ["https://a.example/2"])
        XCTAssertTrue(CrashJournal.take(stateDirectory: dir).crashed.isEmpty, "taken once")

        let state = try StateStore(directory: dir)
        let quarantine = Quarantine(state: state, retry: false)
        for _ in 0..<2 {
            try lines.write(toFile: dir + "/" + CrashJournal.fileName, atomically: true, encoding: .utf8)
            XCTAssertEqual(try quarantine.absorbJournal(stateDirectory: dir).count, 2)
        }
        XCTAssertTrue(quarantine.isQuarantined("https://a.example/1"))
        XCTAssertFalse(quarantine.isQuarantined("https://a.example/2"), "only in flight: not counted")
        XCTAssertFalse(Quarantine(state: state, retry: true).isQuarantined("https://a.example/1"))
    }
}
