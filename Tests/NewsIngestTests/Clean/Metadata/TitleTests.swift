import XCTest

@testable import NewsIngest

/// The headline: JSON-LD, meta and the visible title, logos, kickers and site suffixes.
final class TitleTests: XCTestCase, CleanerTesting {
    func testTitleFallsBackToMetaWithoutSiteSuffix() throws {
        let page =
            "<html><head><title>Storm hits the coast | Example News</title><meta property=\"og:site_name\" "
            + "content=\"Example News\"></head><body><p>\(prose[0])</p></body></html>"
        XCTAssertEqual(try clean(page).title, "Storm hits the coast")
    }

    func testTitleRulesForLogosTruncatedMetaAndSiteSuffixes() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        // A logo in the first <h1> sits inside "<headline> - CNN" but is not the headline.
        let logo = try clean(
            """
            <html><head><title>Rebels seize missile depots near Damascus - CNN</title><meta property="og:site_name" \
            content="CNN"></head><body>
            <h1><a href="/">CNN</a></h1><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(logo.title, "Rebels seize missile depots near Damascus")
        // An <h1> continuing a meta title the site cut short is the full headline.
        let cut = try clean(
            """
            <html><head><meta property="og:title" content="Launch date for new foldable phones and more is set – the">
            </head><body><article><h1>Launch date for new foldable phones and more is set – the details we \
            expect</h1>\(body)</article></body></html>
            """)
        XCTAssertEqual(cut.title, "Launch date for new foldable phones and more is set – the details we expect")
        // og:title = JSON-LD headline + site: the headline.
        let suffixed = try clean(
            """
            <html><head><meta property="og:title" content="Tsunami advisory after magnitude 6 quake：Asahi Digital">
            <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Tsunami advisory after \
            magnitude 6 quake"}</script>
            </head><body><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(suffixed.title, "Tsunami advisory after magnitude 6 quake")
        // "Headline: – quote" keeps its quotation (not a site suffix).
        let quoted = try clean(
            """
            <html><head><meta property="og:title" content="Surprise visit in the delivery room: – Totally absurd">
            </head><body><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(quoted.title, "Surprise visit in the delivery room: – Totally absurd")
    }

    func testSiteSuffixIsCutOnlyWhenItIsTheSiteOrThePageConfirmsTheCut() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        // A tail that only resembles the site's name, and nothing else on the page states the
        // headline without it: the title stays as published.
        let unconfirmed = try clean(
            """
            <html><head><meta property="og:site_name" content="Daily Courier Online">
            <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Port strike ends after ten \
            days：Daily Courier"}</script>
            </head><body><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(unconfirmed.title, "Port strike ends after ten days：Daily Courier")
        // The same tail with the visible headline confirming the cut.
        let confirmed = try clean(
            """
            <html><head><meta property="og:site_name" content="Daily Courier Online">
            <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Port strike ends after ten \
            days：Daily Courier"}</script>
            </head><body><article><h1>Port strike ends after ten days</h1>\(body)</article></body></html>
            """)
        XCTAssertEqual(confirmed.title, "Port strike ends after ten days")
        // A short tag with no site name declared is kept unless the page confirms the cut.
        let tagged = try clean(
            "<html><head><title>Port strike ends after ten days - "
                + "Opinion</title></head><body><article>\(body)</article></body></html>"
        )
        XCTAssertEqual(tagged.title, "Port strike ends after ten days - Opinion")
    }

    func testJSONLDHeadlineIsPreferredAndKeepsItsOwnDashes() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        // The declared headline beats a social og:title and the teaser-like <h1>.
        let declared = try clean(
            """
            <html><head><meta property="og:title" content="You won't believe what the council did">
            <meta property="og:site_name" content="Example News">
            <script type="application/ld+json">
            <![CDATA[
            {"@type": "NewsArticle", "headline": "Council passes budget – and cuts the parks fund"}
            ]]>
            </script></head><body><h1>Council passes budget</h1><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(declared.title, "Council passes budget – and cuts the parks fund")
        // Only the site's name is cut from it, and a headline naming only the site is passed over.
        let suffixed = try clean(
            """
            <html><head><meta property="og:site_name" content="Example News">
            <script type="application/ld+json">[{"@type": "WebPage", "headline": "Example News"},
              {"@type": "NewsArticle", "headline": "Council passes budget - Example News"}]</script>
            </head><body><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(suffixed.title, "Council passes budget")
        // Korean sites glue section and site on with "ㅣ".
        let korean = try clean(
            """
            <html><head><title>국회, 내년도 예산안 본회의 통과ㅣ한국일보</title><meta property="og:site_name" content="한국일보"></head>
            <body><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(korean.title, "국회, 내년도 예산안 본회의 통과")
    }
}
