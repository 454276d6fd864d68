import XCTest

@testable import NewsIngest

/// Pages without an article: index pages, consent walls, soft 404s, binary garbage, and the reason each gives.
final class NoArticleRulesTests: XCTestCase, CleanerTesting {
    func testPagesDeclaringACollectionAreIndexPages() throws {
        let teasers = prose.map { "<div class=\"story\"><h2><a href=\"/a\">A story</a></h2><p>\($0)</p></div>" }
            .joined()
        let front = try clean(
            """
            <html><head><script type="application/ld+json">{"@context": "https://schema.org", "@type": "CollectionPage",
              "mainEntity": {"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "position": 1, "url": \
            "https://x/a"}]}}</script>
            </head><body><main>\(teasers)</main></body></html>
            """)
        XCTAssertEqual(front.noContentReason, .indexPage)
        XCTAssertTrue(front.paragraphs.isEmpty)
        // An article on a page that also lists others (a graph with both) is an article.
        let article = try clean(
            """
            <html><head><script type="application/ld+json">{"@graph": [{"@type": "CollectionPage"},
              {"@type": "NewsArticle", "headline": "Council passes budget"}]}</script>
            </head><body><article><h1>Council passes budget</h1>\
            \(prose.map { "<p>\($0)</p>" }.joined())</article></body></html>
            """)
        XCTAssertNil(article.noContentReason)
        XCTAssertEqual(article.paragraphs.map(\.text), prose)
    }

    /// A bare `ItemList` lists other pages (an index), unless it ranks them: "Best Notion
    /// alternatives", ordered, is a list article whose entries are its text.
    func testARankedItemListIsAListArticleNotAnIndex() throws {
        let paragraphs = prose.map { "<p>\($0)</p>" }.joined()
        func page(order: String?) -> String {
            let orderField = order.map { "\"itemListOrder\": \"\($0)\", " } ?? ""
            return """
                <html><head><script type="application/ld+json">{"@context": "https://schema.org", \
                "@type": "ItemList", "name": "Best alternatives", \(orderField)"itemListElement": \
                [{"@type": "ListItem", "position": 1, "url": "https://x/a", "name": "A"}]}</script>
                </head><body><main><h1>Best alternatives</h1>\(paragraphs)</main></body></html>
                """
        }
        for order in ["Descending", "https://schema.org/ItemListOrderAscending"] {
            let ranking = try clean(page(order: order))
            XCTAssertNil(ranking.noContentReason, order)
            XCTAssertEqual(ranking.paragraphs.map(\.text), prose, order)
        }
        for order in [nil, "https://schema.org/ItemListUnordered"] {
            XCTAssertEqual(try clean(page(order: order)).noContentReason, .indexPage, order ?? "no order")
        }
    }

    func testConsentWallsAndSoftErrorPagesHaveNoArticle() throws {
        let consent = try clean(
            """
            <html lang="en"><head><title>Before you continue</title></head><body><div class="gate"><h1>Before you \
            continue to our site</h1>
            <p>We use cookies and data to deliver and maintain our services, like tracking outages and protecting \
            against spam, fraud and abuse, and to measure audience engagement.</p>
            <p>If you choose to "Accept all", we will also use cookies and data to develop and improve new \
            services, deliver and measure the effectiveness of ads, and show personalised content.</p>
            <p>Non-personalised content is influenced by the content that you are currently viewing, activity in \
            your active search session, and your location.</p>
            <p>Select "More options" to see additional information, including details about managing your privacy \
            settings.</p>
            <button>Reject all</button><button>Accept all</button></div></body></html>
            """)
        XCTAssertEqual(consent.noContentReason, .consentWall)
        XCTAssertTrue(consent.paragraphs.isEmpty)
        let german = try clean(
            """
            <html lang="de"><body><div id="cmp"><h2>Wir brauchen Ihre Zustimmung</h2>
            <p>Wir und unsere Partner verwenden Cookies und ähnliche Technologien, um Informationen auf Ihrem Gerät \
            zu speichern und abzurufen und Ihnen personalisierte Werbung anzuzeigen.</p>
            <p>Mit Klick auf „Alle akzeptieren“ willigen Sie in die Verarbeitung ein. Sie können Ihre Einwilligung \
            jederzeit über die Datenschutz-Einstellungen widerrufen.</p>
            </div></body></html>
            """)
        XCTAssertEqual(german.noContentReason, .consentWall)
        let notFound = try clean(
            """
            <html><head><title>Page not found | Example News</title></head><body><main><h1>Sorry, we can't find \
            that page</h1>
            <p>The page you were looking for may have been moved, deleted or never existed. Please check the \
            address, or use the search box above.</p>
            </main></body></html>
            """)
        XCTAssertEqual(notFound.noContentReason, .errorPage)
        let japanese = try clean(
            """
            <html lang="ja"><head><title>お探しのページは見つかりません</title></head><body><main><h1>ページが見つかりません</h1>
            <p>申し訳ございません。お探しのページは削除されたか、URLが変更された可能性があります。トップページから改めてお探しください。</p></main></body></html>
            """)
        XCTAssertEqual(japanese.noContentReason, .errorPage)
        // An article about cookie rules, quoting the buttons once, is an article; so is a long
        // story whose headline happens to read like an error.
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let cookieLaw = try clean(
            """
            <html><head><title>Regulator fines publisher over cookie banners</title></head><body><article>
            <h1>Regulator fines publisher over cookie banners</h1>
            <p>The regulator said a "Reject all" button must be as easy to find as "Accept all", and fined the \
            publisher two million euros.</p>
            \(body)</article></body></html>
            """)
        XCTAssertNil(cookieLaw.noContentReason)
        let missing = try clean(
            """
            <html><head><title>Page not found: the archive that vanished overnight</title></head><body><article>
            <h1>Page not found: the archive that vanished overnight</h1>\(body)\(body)\(body)</article></body></html>
            """)
        XCTAssertNil(missing.noContentReason)
    }

    func testPagesWithoutAnArticleSayWhy() throws {
        let index =
            "<html><body><nav>"
            + (1...30).map { "<a href=\"/\($0)\">Headline number \($0) about things</a>" }.joined(separator: " ")
            + "</nav></body></html>"
        XCTAssertEqual(try clean(index).noContentReason, .noContent)
        XCTAssertThrowsError(try cleaner.clean(bytes: [], url: nil)) { error in
            XCTAssertEqual((error as? CleanError)?.reason, .empty)
        }
        XCTAssertThrowsError(
            try HTMLCleaner(maxInputBytes: 100).clean(bytes: Array(repeating: 0x41, count: 101), url: nil)
        ) { error in
            XCTAssertEqual((error as? CleanError)?.reason, .tooLarge)
        }
    }

    func testBinaryGarbageIsHandled() throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<20_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        XCTAssertThrowsError(try cleaner.clean(bytes: bytes, url: nil)) { error in
            XCTAssertEqual((error as? CleanError)?.reason, .notText)
        }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 200)
        XCTAssertThrowsError(try cleaner.clean(bytes: png, url: nil))
    }

    /// The word-at-a-time count of control bytes and U+FFFD sequences equals a byte-by-byte
    /// count, at every alignment and with sequences across the eight-byte words' edges.
    func testSuspiciousBytesAreCountedAsByteByByte() {
        func reference(_ bytes: ArraySlice<UInt8>) -> Int {
            let b = Array(bytes)
            var count = 0
            for i in b.indices {
                if b[i] < 0x20, ![0x09, 0x0A, 0x0C, 0x0D].contains(b[i]) { count += 1 }
                if b[i] == 0xEF, i + 2 < b.count, b[i + 1] == 0xBF, b[i + 2] == 0xBD { count += 1 }
            }
            return count
        }
        // Text with the bytes that matter mixed in: tabs and line feeds (not suspicious),
        // other controls, U+FFFD, lone 0xEF and other high bytes.
        let pieces: [[UInt8]] = [
            Array("Text of a page, ".utf8), [0x0A], [0x09], [0x01], [0x1F], [0xEF, 0xBF, 0xBD], [0xEF], [0xEF, 0xBF],
            Array("é".utf8), [0x7F], [0x20], [0x80],
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                bytes += pieces.randomElement(using: &generator)!
            }
            for offset in 0..<min(9, bytes.count + 1) {
                let slice = bytes[offset...]
                XCTAssertEqual(HTMLCleaner.suspiciousBytes(in: slice), reference(slice), "\(Array(slice))")
            }
        }
    }
}
