import XCTest

@testable import NewsIngest

final class URLCanonicalizerTests: XCTestCase {
    func testCanonicalForms() {
        XCTAssertEqual(URLCanonicalizer.canonicalize("HTTPS://News.Example.COM:443/a/b.html#comments"), "https://news.example.com/a/b.html")
        XCTAssertEqual(URLCanonicalizer.canonicalize("http://example.com:80"), "http://example.com/")
        XCTAssertEqual(URLCanonicalizer.canonicalize("http://example.com:8080/x?"), "http://example.com:8080/x")
        XCTAssertEqual(URLCanonicalizer.canonicalize("http://example.com/x?b=1&a=2"), "http://example.com/x?b=1&a=2")
        XCTAssertNil(URLCanonicalizer.canonicalize("ftp://example.com/x"))
        XCTAssertNil(URLCanonicalizer.canonicalize("/relative/path"))
        XCTAssertNil(URLCanonicalizer.canonicalize("javascript:alert(1)"))
    }

    func testDeclaredCanonicalOnlyOnTheSameSite() {
        XCTAssertEqual(
            URLCanonicalizer.recordURL(declared: "https://www.example.com/story", fetched: "https://example.com/story?utm_source=x"),
            "https://www.example.com/story")
        XCTAssertEqual(
            URLCanonicalizer.recordURL(declared: "https://evil.test/story", fetched: "https://example.com/story"),
            "https://example.com/story")
        XCTAssertEqual(URLCanonicalizer.recordURL(declared: nil, fetched: "https://example.com/s#x"), "https://example.com/s")
    }
}
