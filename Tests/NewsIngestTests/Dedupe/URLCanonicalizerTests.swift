import XCTest

@testable import NewsIngest

final class URLCanonicalizerTests: XCTestCase {
    let canonicalizer = URLCanonicalizer()

    func testCanonicalForms() {
        XCTAssertEqual(
            canonicalizer.canonicalize("HTTPS://News.Example.COM:443/a/b.html#comments"),
            "https://news.example.com/a/b.html")
        XCTAssertEqual(canonicalizer.canonicalize("http://example.com:80"), "http://example.com/")
        XCTAssertEqual(canonicalizer.canonicalize("http://example.com:8080/x?"), "http://example.com:8080/x")
        XCTAssertEqual(
            canonicalizer.canonicalize("http://example.com/x?b=1&a=2&a=0"), "http://example.com/x?a=2&a=0&b=1")
        XCTAssertNil(canonicalizer.canonicalize("ftp://example.com/x"))
        XCTAssertNil(canonicalizer.canonicalize("/relative/path"))
        XCTAssertNil(canonicalizer.canonicalize("javascript:alert(1)"))
    }

    /// A page's canonical link or og:url is untrusted: a hostile one is no canonical URL, never
    /// a trap (before libcurl parsed them, these two killed the process).
    func testHostileURLsGiveNoCanonicalForm() {
        XCTAssertNil(canonicalizer.canonicalize("https://blog.example.fr%2Farticles%2F2025-12-15%2Btitle"))
        XCTAssertNil(canonicalizer.canonicalize("https://%00/"))
        XCTAssertNil(canonicalizer.canonicalize("https://.../"))
        XCTAssertNil(
            canonicalizer.canonicalize("https://" + String(repeating: "ü", count: 200) + ".example/"),
            "a label too long for DNS has no ASCII form")
        XCTAssertEqual(canonicalizer.canonicalize("https://example.com/a/./b/../c"), "https://example.com/a/c")
        XCTAssertEqual(
            canonicalizer.recordURL(declared: "https://%00/", fetched: "https://example.com/story"),
            "https://example.com/story", "an unusable canonical link gives way to the fetched URL")
    }

    func testTrackingParametersAreRemoved() {
        XCTAssertEqual(
            canonicalizer.canonicalize(
                "https://example.com/story?utm_source=tw&utm_medium=social&id=7"
                    + "&fbclid=abc&gclid=x&mc_cid=1&UTM_Campaign=y"
            ),
            "https://example.com/story?id=7")
        XCTAssertEqual(canonicalizer.canonicalize("https://example.com/story?fbclid=abc"), "https://example.com/story")
        let custom = URLCanonicalizer(trackingParameters: ["ref"])
        XCTAssertEqual(
            custom.canonicalize("https://example.com/s?ref=home&utm_source=x"), "https://example.com/s?utm_source=x",
            "the list comes from config")
    }

    func testInternationalHostsBecomePunycode() {
        XCTAssertEqual(canonicalizer.canonicalize("https://Bücher.example/ä"), "https://xn--bcher-kva.example/%C3%A4")
        XCTAssertEqual(Punycode.asciiHost("báo.vn"), "xn--bo-mia.vn")
        XCTAssertEqual(Punycode.asciiHost("例え.テスト"), "xn--r8jz45g.xn--zckzah")
        XCTAssertEqual(Punycode.asciiHost("пример.рф"), "xn--e1afmkfd.xn--p1ai")
    }

    func testAMPVariantsMapToTheRegularPage() {
        let cases = [
            ("https://example.com/news/story/amp", "https://example.com/news/story"),
            ("https://example.com/news/story/amp/", "https://example.com/news/story/"),
            ("https://example.com/amp/news/story", "https://example.com/news/story"),
            ("https://example.com/news/story.amp.html", "https://example.com/news/story.html"),
            ("https://amp.example.com/news/story", "https://example.com/news/story"),
            ("https://example.com/news/story?amp=1", "https://example.com/news/story"),
            ("https://example.com/news/story?outputType=amp&id=3", "https://example.com/news/story?id=3"),
            ("https://example.com/news/amplifier", "https://example.com/news/amplifier"),
        ]
        for (amp, regular) in cases {
            XCTAssertEqual(canonicalizer.recordURL(declared: nil, fetched: amp), regular, amp)
        }
    }

    func testDeclaredCanonicalOnlyOnTheSameSite() {
        XCTAssertEqual(
            canonicalizer.recordURL(
                declared: "https://www.example.com/story", fetched: "https://example.com/story?utm_source=x"),
            "https://www.example.com/story")
        XCTAssertEqual(
            canonicalizer.recordURL(declared: "https://evil.test/story", fetched: "https://example.com/story"),
            "https://example.com/story")
        XCTAssertEqual(
            canonicalizer.recordURL(
                declared: "https://example.com/story", fetched: "https://amp.example.com/story/amp"),
            "https://example.com/story")
        XCTAssertEqual(
            canonicalizer.recordURL(declared: nil, fetched: "https://example.com/s#x"), "https://example.com/s")
    }
}
