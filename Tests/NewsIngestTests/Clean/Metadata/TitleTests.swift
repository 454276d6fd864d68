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

    /// A pipe left in a title sets the headline apart from a label, a subtitle or a site name.
    func testThePipesLongestSegmentIsTheHeadline() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        func title(_ h1: String) throws -> String? {
            try clean("<html><head><title>\(h1)</title></head><body><h1>\(h1)</h1>\(body)</body></html>").title
        }
        XCTAssertEqual(
            try title("Best Residential Movers in NYC 2025 | Top 19 Companies"), "Best Residential Movers in NYC 2025")
        XCTAssertEqual(try title("How meditation rewires brains | Opinion"), "How meditation rewires brains")
        XCTAssertEqual(
            try title("The Agency | ML (Machine Learning) at Georgia Tech"), "ML (Machine Learning) at Georgia Tech")
        XCTAssertEqual(try title("Spotlight | News"), "Spotlight | News", "single words: nothing to choose")
        XCTAssertEqual(try title("Storms hit the coast - live"), "Storms hit the coast - live", "only pipes")
    }

    /// A blog's name or its domain printed as the <h1> logo is no headline: the post's title is
    /// the og:title the <title> joins to that name, or the <title> without the logo it begins
    /// with.
    func testABlogsNameInTheH1IsALogo() throws {
        let body = "<article>" + prose.map { "<p>\($0)</p>" }.joined() + "</article>"
        let named = try clean(
            """
            <html><head><title>Engora Data Blog: Small adventures with small models</title>
            <meta property="og:title" content="Small adventures with small models"></head>
            <body><h1>Engora Data Blog</h1>\(body)</body></html>
            """, url: nil)
        XCTAssertEqual(named.title, "Small adventures with small models")
        let domain = try clean(
            "<html><head><title>davidbau.com Vibe Coding</title></head><body><h1>davidbau.com</h1>\(body)"
                + "</body></html>", url: nil)
        XCTAssertEqual(domain.title, "Vibe Coding")
        // A headline that names a company by its domain is still the headline.
        let story = try clean(
            """
            <html><head><title>Booking.com raises its fees for hotels</title></head>
            <body><h1>Booking.com raises its fees for hotels</h1>\(body)</body></html>
            """, url: nil)
        XCTAssertEqual(story.title, "Booking.com raises its fees for hotels")
    }

    /// The title of a page with this <h1> over an article and this <title>.
    private func title(h1: String, meta: String) throws -> String? {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        return try clean(
            "<html><head><title>\(meta)</title></head><body><h1>\(h1)</h1><article>\(body)</article></body></html>"
        )
        .title
    }

    /// The <h1> and the meta title in the same words: the <h1>'s punctuation is the headline as
    /// the reader sees it (the question mark the meta title dropped, Markdown's asterisks it
    /// kept); quotes alone are typography and leave the meta title standing. An <h1> whose
    /// characters the page's encoding lost ("?" where the meta title has an apostrophe and a
    /// letter) gives way to the meta title.
    func testTheVisibleHeadlinesPunctuationStandsUnlessItsCharactersWereLost() throws {
        let cases: [(h1: String, meta: String, expected: String)] = [
            (
                "Cloud Computing: What's Next in 2025?", "Cloud Computing: What's Next in 2025 | Ironhack",
                "Cloud Computing: What's Next in 2025?"
            ),
            ("A Treatise on Coffee (1792)", "*A Treatise on Coffee* (1792)", "A Treatise on Coffee (1792)"),
            (
                "Student Dies After “Diet Pills”", "Student Dies After \"Diet Pills\"",
                "Student Dies After \"Diet Pills\""
            ),
            ("Event Planning? Beginner? Guide", "Event Planning: Beginner's Guide", "Event Planning: Beginner's Guide"),
            (
                "Is the bridge safe? Engineers answer", "Is the bridge safe: Engineers answer",
                "Is the bridge safe? Engineers answer"
            ),
        ]
        for (h1, meta, expected) in cases {
            XCTAssertEqual(try title(h1: h1, meta: meta), expected, h1)
        }
        XCTAssertTrue(MetadataExtractor.lostCharacters(in: "caf\u{FFFD} culture", of: "café culture"))
        XCTAssertFalse(MetadataExtractor.lostCharacters(in: "caf\u{FFFD} culture", of: "cafe society"))
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
        // A theme that prints the headline in an <h2> (no <h1>) confirms the cut as well.
        let lower = try clean(
            "<html><head><title>Port strike ends after ten days - "
                + "Opinion</title></head><body><h2>Port strike ends after ten days</h2><article>\(body)</article>"
                + "</body></html>")
        XCTAssertEqual(lower.title, "Port strike ends after ten days")
    }

    /// A trailing segment that names the site by its host is the site's name, with no
    /// og:site_name declared ("| CBC Bank" on cbcbank.com, "• Ironhack Blog" on ironhack.com);
    /// an <h1> that is a section and the host's name is a logo, not the headline.
    func testASuffixNamingTheHostIsCut() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let tips =
            "<html><head><title>Top nine financial tips for working adults | CBC Bank</title></head><body>"
            + "<article>\(body)</article></body></html>"
        XCTAssertEqual(
            try clean(tips, url: "https://www.cbcbank.com/blog/tips").title,
            "Top nine financial tips for working adults")
        // The same tail after a dash, on another host, is the headline's own (after a pipe it
        // goes anyway: testThePipesLongestSegmentIsTheHeadline).
        XCTAssertEqual(
            try clean(tips.replacingOccurrences(of: " | ", with: " - "), url: "https://news.example.com/a/1.html")
                .title,
            "Top nine financial tips for working adults - CBC Bank")
        let blog = try clean(
            "<html><head><title>Cloud computing: what comes next • Ironhack Blog</title>"
                + "<link rel=\"canonical\" href=\"https://www.ironhack.com/us/blog/cloud\"></head><body>"
                + "<article>\(body)</article></body></html>", url: nil)
        XCTAssertEqual(blog.title, "Cloud computing: what comes next")
        let logo = try clean(
            "<html><head><title>Port strike ends after ten days：Harbour Ledger</title></head><body>"
                + "<h1><a href=\"/\">Business：Harbour Ledger</a></h1>"
                + "<article><h1>Port strike ends after ten days</h1>\(body)</article></body></html>",
            url: "https://www.harbourledger.com/a/1")
        XCTAssertEqual(logo.title, "Port strike ends after ten days")
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

    /// The headline a reader sees heads the article: the <h1> above the body, over a meta
    /// title that says something else; not a section's name, not a kicker run into it.
    func testTheVisibleHeadlineOverAnSEOTitle() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        func page(head: String, h1: String) -> String {
            "<html><head>\(head)</head><body><h1>\(h1)</h1><article>\(body)</article></body></html>"
        }
        let seo = #"<meta property="og:title" content="Council Budget 2026: Top 10 Things to Know">"#
        XCTAssertEqual(
            try clean(page(head: seo, h1: "What the 2026 council budget means, in 10 things to know")).title,
            "What the 2026 council budget means, in 10 things to know")
        XCTAssertEqual(
            try clean(page(head: seo, h1: "Local Government Centre")).title,
            "Council Budget 2026: Top 10 Things to Know", "a section's name shares no words with the titles")
        let kicker = #"<meta property="og:title" content="Drusen fordern Teilhabe">"#
        XCTAssertEqual(
            try clean(page(head: kicker, h1: "Minderheit in Syrien Drusen fordern Teilhabe")).title,
            "Drusen fordern Teilhabe", "a kicker run into the headline")
        let declared =
            #"<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget: what changes"}</script>"#
        XCTAssertEqual(
            try clean(page(head: declared + seo, h1: "What the 2026 council budget means, in 10 things to know")).title,
            "Budget: what changes", "the declared headline stands against the <h1> alone")
        let agreeing = #"<meta property="og:title" content="What the 2026 council budget means, in 10 things to know">"#
        XCTAssertEqual(
            try clean(page(head: declared + agreeing, h1: "What the 2026 council budget means, in 10 things to know"))
                .title,
            "What the 2026 council budget means, in 10 things to know", "the <h1> and og:title agree against it")
    }

    /// A plain Article's, BlogPosting's or WebPage's JSON-LD headline comes from an SEO plugin:
    /// the visible <h1> stands against it, also where the <h1> repeats og:title.
    func testTheVisibleHeadlineOverAnSEOPluginsDeclaredHeadline() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        func page(type: String, og: String) -> String {
            """
            <html><head><meta property="og:title" content="\(og)"><script type="application/ld+json">\
            {"@type": "\(type)", "headline": "Best Apps to Learn a Language in 2025 – Top 10 Picks"}</script>\
            </head><body><h1>Top 10: Best Language Learning Apps</h1><article>\(body)</article></body></html>
            """
        }
        for type in ["Article", "BlogPosting", "WebPage"] {
            XCTAssertEqual(
                try clean(page(type: type, og: "Best Apps to Learn a Language in 2025 – Top 10 Picks")).title,
                "Top 10: Best Language Learning Apps", type)
            XCTAssertEqual(
                try clean(page(type: type, og: "Top 10: Best Language Learning Apps")).title,
                "Top 10: Best Language Learning Apps", type)
        }
        XCTAssertEqual(
            try clean(page(type: "NewsArticle", og: "Best Apps to Learn a Language in 2025 – Top 10 Picks")).title,
            "Best Apps to Learn a Language in 2025 – Top 10 Picks", "a newsroom's declared headline stands")
    }
}
