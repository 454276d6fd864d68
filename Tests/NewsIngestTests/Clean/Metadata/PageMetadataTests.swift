import XCTest

@testable import NewsIngest

/// What the page says about itself: JSON-LD and meta fields, datelines, tags, section, paywall.
final class PageMetadataTests: XCTestCase, CleanerTesting {
    func testMetadataFromJSONLDAndMeta() throws {
        let page = """
            <html lang="vi"><head>
            <title>Tin tức - Báo Mẫu</title>
            <link rel="canonical" href="/tin/123.html">
            <meta property="og:site_name" content="Báo Mẫu">
            <meta property="article:published_time" content="2025-10-26T08:30:00+07:00">
            <script type="application/ld+json">\
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
              {"@type":"NewsArticle","headline":"Tin \
            tức","datePublished":"2025-10-26T08:30:00+07:00","dateModified":"2025-10-27T09:00:00+07:00",
               "author":[{"@type":"Person","name":"Nguyễn Văn A"},{"@type":"Person","name":"Trần Thị B"}]}]}</script>
            </head><body><h1>Tin tức</h1><div class="content"><p>\
            \(prose.joined(separator: "</p><p>"))</p></div></body></html>
            """
        let article = try clean(page)
        XCTAssertEqual(article.title, "Tin tức")
        XCTAssertEqual(article.authors, ["Nguyễn Văn A", "Trần Thị B"])
        XCTAssertEqual(article.publishedRaw.first, "2025-10-26T08:30:00+07:00")
        XCTAssertEqual(article.modifiedRaw.first, "2025-10-27T09:00:00+07:00")
        XCTAssertEqual(article.canonicalURL, "https://news.example.com/tin/123.html")
        XCTAssertEqual(article.siteName, "Báo Mẫu")
        XCTAssertEqual(article.declaredLanguage, "vi")
    }

    /// A theme with no <h1> prints the headline, a longer variant of the title, as an <h2>,
    /// with the byline and the date under it: that date dates the page.
    func testTheDateUnderAnH2HeadlineOnAPageWithoutH1() throws {
        let page = """
            <html><head><title>Introducing the Cayenne data accelerator | Spice</title></head><body>
            <h2>Introducing Cayenne: the next-generation data accelerator built for agents and analytics</h2>
            <div><p>Luke Kim</p><small>December 17, 2025</small></div>
            <h3>Summary</h3><p>\(prose.joined(separator: "</p><p>"))</p></body></html>
            """
        XCTAssertEqual(try clean(page).publishedRaw, ["December 17, 2025"])
        // An <h2> that shares too little with the title is a section's heading: no dateline.
        let section = page.replacingOccurrences(
            of: "Introducing Cayenne: the next-generation data accelerator built for agents and analytics",
            with: "Our latest posts about engineering, releases and the team behind the product")
        XCTAssertEqual(try clean(section).publishedRaw, [])
        // An <h2> above it (a shop theme's cart drawer) does not hide it.
        let cart = page.replacingOccurrences(of: "<body>", with: "<body><h2>Your cart is empty</h2>")
        XCTAssertEqual(try clean(cart).publishedRaw, ["December 17, 2025"])
    }

    /// With no date in the markup or under the headline, the date the URL's path states.
    func testTheURLPathDatesAPageWithNoOtherDate() throws {
        let page =
            "<html><head><title>Notes</title></head><body><article><h1>Notes</h1><p>"
            + prose.joined(separator: "</p><p>") + "</p></article></body></html>"
        XCTAssertEqual(
            try clean(page, url: "https://blog.example.com/2025/12/18/notes/").publishedRaw, ["2025-12-18"])
        XCTAssertEqual(
            try clean(page, url: "https://blog.example.com/articles/2025-12-15+Rust+notes").publishedRaw,
            ["2025-12-15"])
        XCTAssertEqual(try clean(page, url: "https://blog.example.com/notes-2025").publishedRaw, [])
        XCTAssertNil(MetadataExtractor.pathDate("https://example.com/item/20251218/notes"))
        // A dateline under the headline comes first; the path's date follows as a fallback.
        let dated = page.replacingOccurrences(of: "<h1>Notes</h1>", with: "<h1>Notes</h1><p>March 3, 2024</p>")
        XCTAssertEqual(
            try clean(dated, url: "https://blog.example.com/2025/12/18/notes/").publishedRaw,
            ["March 3, 2024", "2025-12-18"])
    }

    /// Publication dates under other meta names: CMS plugins' "published-date" (before their
    /// "published-time", which can be the page's build time), citation metadata in its own order.
    func testPublicationDatesFromCMSAndCitationMetas() throws {
        let body = "<article><h1>Effects of coffee</h1><p>\(prose.joined(separator: "</p><p>"))</p></article>"
        let cms = try clean(
            "<html><head><meta name=\"published-date\" content=\"2021-02-16\"><meta name=\"published-time\" "
                + "content=\"2026-03-09T08:45:32.183Z\"></head><body>\(body)</body></html>")
        XCTAssertEqual(cms.publishedRaw.first, "2021-02-16")
        let paper = try clean(
            "<html><head><meta name=\"citation_publication_date\" content=\"2023 Jan 7\"></head>"
                + "<body>\(body)</body></html>")
        XCTAssertEqual(paper.publishedRaw, ["2023 Jan 7"])
        XCTAssertEqual(Normalizer().normalize(paper, source: nil).publishedAt?.prefix(10), "2023-01-07")
    }

    func testDatelineUnderTheHeadlineWhenTheMarkupHasNoDate() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        // A teaser's date above the headline is not the article's; the line under it is, and a
        // line with an update label gives the update.
        let page = try clean(
            """
            <html><head><meta name="date" content="unknown"></head><body>
            <ul class="teasers"><li><a href="/b">Earlier story</a> Veröffentlicht am 22.05.2026</li></ul>
            <h1>Council passes the budget</h1>
            <ul><li>Veröffentlicht am 13. Mai 2026 um 15:44</li><li>Aktualisiert am 14.05.2026, 09:10</li></ul>
            <article>\(body)</article></body></html>
            """)
        XCTAssertEqual(page.publishedRaw.last, "Veröffentlicht am 13. Mai 2026 um 15:44")
        XCTAssertEqual(page.modifiedRaw, [" am 14.05.2026, 09:10"])
        let record = Normalizer().normalize(
            page, source: nil, fetchedAt: try XCTUnwrap(DateParser.parse("2026-06-01T00:00:00Z")).date)
        XCTAssertEqual(record.publishedAt, "2026-05-13T15:44:00+00:00")
        XCTAssertEqual(record.modifiedAt, "2026-05-14T09:10:00+00:00")
        // Under the headline's <h1>, not under a logo's.
        let menu = (1...40).map { "<li>Section \($0)</li>" }.joined()
        let logo = try clean(
            """
            <html><head><meta property="og:title" content="Council passes the budget"></head><body>
            <h1 class="logo">Example News</h1><ul class="menu">\(menu)</ul>
            <h1>Council passes the budget</h1><p class="date">26 Oktober 2025 \
            08:30</p><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(logo.publishedRaw, ["26 Oktober 2025 08:30"])
        // A dateline inside the article is not body.
        let inside = try clean(
            """
            <html><body><h1>Council passes the budget</h1><article><p>Dienstag, 13.05.2026, 15:44 \
            Uhr</p>\(body)</article></body></html>
            """)
        XCTAssertFalse(inside.paragraphs.contains { $0.text.contains("13.05.2026") })
        XCTAssertEqual(inside.publishedRaw, ["Dienstag, 13.05.2026, 15:44 Uhr"])
        // "Published … Updated …" on one line gives both; a date the markup gives wins.
        let both = try clean(
            """
            <html><body><h1>Council passes the budget</h1><p>April 28, 2019 at 6:01 am Updated April 29, 2019 at \
            3:33 pm</p>
            <article>\(body)</article></body></html>
            """)
        XCTAssertEqual(both.publishedRaw, ["April 28, 2019 at 6:01 am"])
        XCTAssertEqual(both.modifiedRaw, [" April 29, 2019 at 3:33 pm"])
        let marked = try clean(
            """
            <html><head><meta property="article:published_time" content="2019-04-27T10:00:00Z"></head><body>
            <h1>Council passes the budget</h1><p>April 28, 2019</p><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(marked.publishedRaw, ["2019-04-27T10:00:00Z"])
        // No heading anchors the date (the headline is a styled paragraph): a line that is only
        // a date just above the body is its dateline; one further up, among the menus, is not.
        let unanchored = try clean(
            """
            <html><body><div class="top">Friday, December 19, 2025</div><div>Menu</div><div>Money</div><div>Life</div>\
            <div>Work</div><div>Play</div><p class="title">Top 5 HR Management Software in 2026</p>\
            <p>DianaHR Team</p><p>Feb 16, 2026</p><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(unanchored.publishedRaw, ["Feb 16, 2026"])
        let far = try clean(
            """
            <html><body><div class="top">Friday, December 19, 2025</div><div>Menu</div><div>Money</div><div>Life</div>\
            <div>Work</div><div>Play</div><p class="title">Top 5 HR Management Software in 2026</p>\
            <article>\(body)</article></body></html>
            """)
        XCTAssertEqual(far.publishedRaw, [])
    }

    func testTagsSectionAndPaywall() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let page = try clean(
            """
            <html><head><meta property="article:section" content="Politik">
            <meta property="article:tag" content="Budget"><meta property="article:tag" content="City council">
            <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget", "keywords": "budget, \
            schools,  Roads ",
             "isAccessibleForFree": false}</script></head><body><article><h1>Budget</h1>\(body)</article></body></html>
            """)
        XCTAssertEqual(page.section, "Politik")
        XCTAssertEqual(page.tags, ["Budget", "City council", "schools", "Roads"], "each tag once, in order")
        XCTAssertTrue(page.paywalled)
        let free = try clean(
            """
            <html><head><meta name="keywords" content="rail; transport"><meta property="article:content_tier" \
            content="free">
            <script type="application/ld+json">{"@type": "NewsArticle", "articleSection": ["Transport", "Local"], \
            "isAccessibleForFree": "True"}</script>
            </head><body><article><h1>Rail</h1>\(body)</article></body></html>
            """)
        XCTAssertEqual(free.tags, ["rail", "transport"])
        XCTAssertEqual(free.section, "Transport")
        XCTAssertFalse(free.paywalled)
        let metered = try clean(
            "<html><head><meta property=\"article:content_tier\" "
                + "content=\"metered\"></head><body><article>\(body)</article></body></html>"
        )
        XCTAssertTrue(metered.paywalled)
    }

    /// Blog themes print the date above the headline; the lines right above it are read when
    /// none under it holds a date, but never past a heading (the teasers' dates are above one).
    func testDatelineAboveTheHeadline() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let above = try clean(
            """
            <html><body><nav><a href="/">Blog</a></nav><p class="date">Dec 12, 2025</p>
            <h1>Council passes the budget</h1><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(above.publishedRaw, ["Dec 12, 2025"])
        let teaser = try clean(
            """
            <html><body><p>Dec 1, 2025</p><h2>Earlier story</h2>
            <h1>Council passes the budget</h1><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(teaser.publishedRaw, [], "a teaser's date above a heading is not the article's")
        let under = try clean(
            """
            <html><body><p>Dec 1, 2025</p><h1>Council passes the budget</h1><p>Dec 12, 2025</p>
            <article>\(body)</article></body></html>
            """)
        XCTAssertEqual(under.publishedRaw, ["Dec 12, 2025"], "the line under the headline first")
    }

    /// The dateline printed with the headline overrides the markup when the two name days more
    /// than one apart: the markup then dates another event (a re-import, a template).
    func testAHeaderDatelineFarFromTheMarkupsDatesOverridesThem() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        func page(_ header: String, published: String = "2025-12-01T05:10:15Z", modified: String? = nil) -> String {
            let modifiedMeta = modified.map { "<meta property=\"article:modified_time\" content=\"\($0)\">" } ?? ""
            return """
                <html><head><meta property="article:published_time" content="\(published)">\(modifiedMeta)</head>
                <body><h1>The information bottleneck method</h1>\(header)<article>\(body)</article></body></html>
                """
        }
        let reimported = try clean(page("<p>Naftali Tishby</p><p>24 Apr 2000 • 3 min read</p>"))
        XCTAssertEqual(reimported.publishedRaw.first, "24 Apr 2000 • 3 min read")
        XCTAssertEqual(Normalizer().normalize(reimported, source: nil).publishedAt?.prefix(10), "2000-04-24")
        // The markup stands (it has the time and the zone) where the dateline agrees with it:
        // the same day or the next (the zone the page prints in), or the update it declares.
        for (header, modified) in [
            ("<p>November 30, 2025</p>", nil), ("<p>Dec 1, 2025</p>", nil),
            ("<p>June 2, 2026</p>", "2026-06-02T10:00:00Z"),
        ] as [(String, String?)] {
            XCTAssertEqual(
                try clean(page(header, modified: modified)).publishedRaw.first, "2025-12-01T05:10:15Z", header)
        }
        // A day before the markup's day is no zone's reading when the markup's time is late in
        // that day: 22:02 UTC on 19 December is the 19th or the 20th from UTC−12 to UTC+14.
        let late = try clean(page("<p>Dec 18, 2025</p>", published: "2025-12-19T22:02:58Z"))
        XCTAssertEqual(late.publishedRaw.first, "Dec 18, 2025")
        let early = try clean(page("<p>Dec 18, 2025</p>", published: "2025-12-19T03:05:00Z"))
        XCTAssertEqual(early.publishedRaw.first, "2025-12-19T03:05:00Z", "the evening of the 18th in California")
        // "12.01.2025" reads as 12 January, but also as 1 December, which the markup settles.
        XCTAssertEqual(try clean(page("<p>12.01.2025</p>")).publishedRaw.first, "2025-12-01T05:10:15Z")
        // Not an update line, not a sentence, not past a heading or in a table: those are the
        // text's own dates, a teaser's, or a data table's.
        for header in [
            "<p>Updated Jun 2, 2024</p>", "<p>The method was first described on 24 Apr 2000 in a preprint.</p>",
            "<h2>Most popular</h2><p>24 Apr 2000</p>", "<table><tr><td>24 Apr 2000</td></tr></table>",
        ] {
            XCTAssertEqual(try clean(page(header)).publishedRaw.first, "2025-12-01T05:10:15Z", header)
        }
    }

    /// With no date by the headline or in the markup, the page's one line that labels a date
    /// as the publication's dates it, wherever it stands; several such lines (a list of posts)
    /// date nothing.
    func testALabelledPublicationLineAnywhereDatesAPageWithoutOther() throws {
        // Forty paragraphs: past the reach of the looser reading under the headline.
        let body = (0..<40).map { "<p>\(prose[$0 % 3]) Paragraph \($0 + 1).</p>" }.joined()
        func page(_ aside: String) -> String {
            """
            <html><body><h1>Solar installation in four steps</h1><article>\(body)</article>
            <div class="column"><div class="meta"><span>\(aside)</span></div></div></body></html>
            """
        }
        XCTAssertEqual(try clean(page("Published On: 15 August 2025")).publishedRaw, ["Published On: 15 August 2025"])
        XCTAssertEqual(try clean(page("Posted on April 13, 2023")).publishedRaw, ["Posted on April 13, 2023"])
        let list = "Posted on April 13, 2023</span></div><div><span>Posted on March 2, 2023"
        XCTAssertEqual(try clean(page(list)).publishedRaw, [])
        XCTAssertEqual(try clean(page("Published in Energy, on solar power")).publishedRaw, [], "no date")
        // The label in a block of its own, the date in the next.
        let split = "Published</span><span>Feb 2, 2023"
        XCTAssertEqual(
            try clean(page(split.replacingOccurrences(of: "span", with: "p"))).publishedRaw,
            [
                "Published Feb 2, 2023"
            ])
        // Such a line overrides markup that names another day (a template's, a migration's)...
        let declared = """
            <html><head><script type="application/ld+json">{"@type":"Article",\
            "datePublished":"2025-11-29T12:28:31-05:00"}</script></head>
            """
        let marked = page("Published August 13, 2025").replacingOccurrences(of: "<html>", with: declared)
        XCTAssertEqual(try clean(marked).publishedRaw.first, "Published August 13, 2025")
        // ...and stands behind it when they agree.
        let agreeing = page("Published November 29, 2025").replacingOccurrences(of: "<html>", with: declared)
        XCTAssertEqual(try clean(agreeing).publishedRaw.first, "2025-11-29T12:28:31-05:00")
        // A page that prints only an update line is dated by it (as its update).
        let updated = try clean(page("Last updated: November 13, 2025"))
        XCTAssertEqual(updated.publishedRaw, [])
        XCTAssertEqual(updated.modifiedRaw, ["Last updated: November 13, 2025"])
        XCTAssertEqual(Normalizer().normalize(updated, source: nil).publishedAt?.prefix(10), "2025-11-13")
        // Not a footer's line that dates the site.
        XCTAssertEqual(try clean(page("Site last updated: December 20, 2025")).modifiedRaw, [])
    }

    /// Last resorts, for a page that dates itself nowhere else: a dateline next to the byline
    /// wherever it stands, a publication meta under a CMS's prefix, the day in the path of the
    /// share image.
    func testDatesNextToTheBylineInPrefixedMetasAndInTheShareImagesPath() throws {
        let body = (0..<40).map { "<p>\(prose[$0 % 3]) Paragraph \($0 + 1).</p>" }.joined()
        func page(head: String = "", after: String = "") -> String {
            """
            <html><head>\(head)</head><body><h1>How mobile apps are made</h1><article>\(body)</article>
            \(after)</body></html>
            """
        }
        let author = """
            <div class="author"><p>Written by Moses Kim and Kate Shokurova</p><p>April 8, 2024</p></div>
            """
        let withAuthor = try clean(page(after: author))
        XCTAssertEqual(withAuthor.publishedRaw, ["April 8, 2024"])
        let far = author.replacingOccurrences(of: "</p><p>", with: "</p><p>Share this</p><p>Link copied</p><p>")
        XCTAssertEqual(try clean(page(after: far)).publishedRaw, [])

        let prefixed = try clean(page(head: #"<meta name="w-published-date" content="2025-05-27T06:03:43Z">"#))
        XCTAssertEqual(prefixed.publishedRaw, ["2025-05-27T06:03:43Z"])
        XCTAssertTrue(MetadataExtractor.prefixedPublicationKey("article.publish_date"))
        XCTAssertFalse(MetadataExtractor.prefixedPublicationKey("unpublished-date"))
        XCTAssertFalse(MetadataExtractor.prefixedPublicationKey("published-date"), "the known name itself")

        let image = #"<meta property="og:image" content="/assets/news_photos/2025/12/20/image-343604.jpg">"#
        XCTAssertEqual(try clean(page(head: image)).publishedRaw, ["2025-12-20"])
        let dated = image + #"<meta property="article:published_time" content="2025-12-21T10:00:00Z">"#
        XCTAssertEqual(try clean(page(head: dated)).publishedRaw, ["2025-12-21T10:00:00Z"])
    }

    /// Of several `<time>`s, the one under the headline dates the article: those before it in
    /// the page (a side column's "Recent news", printed first) and the date right over the
    /// headline that ends that column do not.
    func testTheTimeUnderTheHeadlineOverASideColumnsTimes() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let page = try clean(
            """
            <html><body><aside><h2>Recent News</h2>
            <p><a href="/n/1">Board appoints two directors for a one-year term</a></p>
            <p><time datetime="2025-12-17T12:00:00Z">12/17/2025</time></p>
            <p><a href="/n/2">Help shape the future of the exams</a></p>
            <p><time datetime="2025-12-04T12:00:00Z">12/04/2025</time></p></aside>
            <main><h1>Candidate experience: consulting firm or insurance carrier</h1>
            <p><time datetime="2017-03-01T12:00:00Z">03/01/2017</time> by Agatha Caleo, Candidate
            Representative to the Candidate Liaison Committee</p><article>\(body)</article></main></body></html>
            """)
        XCTAssertEqual(page.publishedRaw.first, "2017-03-01T12:00:00Z")
    }

    /// The header's dateline is found past a standfirst styled as a heading, and a line that
    /// prints the publication and the update gives the publication; a hidden separator between
    /// a reading time and the date parts their words.
    func testTheHeaderDatelinePastAStandfirstAndAHeadingLabel() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        func page(_ header: String) -> String {
            """
            <html><head><meta property="article:published_time" content="2024-08-07T12:01:51Z"></head>
            <body><h1>Startup lessons learned from my failed startup</h1>\(header)
            <article>\(body)</article></body></html>
            """
        }
        let medium = """
            <h2>Here are the lessons learned from a startup with two years of life</h2><p>Sérgio Schüler</p>
            <div><span>7 min read</span><div aria-hidden="true"><span>·</span></div><span>Dec 30, 2013</span></div>
            """
        XCTAssertEqual(try clean(page(medium)).publishedRaw.first, "7 min read Dec 30, 2013")
        let both = "<p>December 3, 2023. <i>Updated: December 7, 2025</i></p>"
        XCTAssertEqual(try clean(page(both)).publishedRaw.first, "December 3, 2023")
        // A sub-heading of the text past the first block still ends the header.
        let text = "<p>Liza Burke</p><h2>What we learned in the first year of sales</h2><p>May 14, 2025</p>"
        XCTAssertEqual(try clean(page(text)).publishedRaw.first, "2024-08-07T12:01:51Z")
    }

    /// With no markup date, a dateline printed as a small heading right over the headline dates
    /// the page (the looser reading stops at headings).
    func testADatelineHeadingOverTheHeadline() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let page = try clean(
            """
            <html><body><nav><a href="/">Blog</a></nav><h5>January 23, 2025</h5>
            <h1>Solar installation in four steps</h1><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(page.publishedRaw, ["January 23, 2025"])
    }

    /// The site's name printed with the headline, after it in the <h1> or before it as the host
    /// written out, is not the headline's; a last segment that is not the site's name stays.
    func testTheSitesNameAroundTheHeadlineIsCut() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        func page(_ h1: String, site: String = "Artlyst", title: String? = nil) -> String {
            """
            <html><head><title>\(title ?? h1)</title><meta property="og:site_name" content="\(site)"></head>
            <body><h1>\(h1)</h1><article>\(body)</article></body></html>
            """
        }
        XCTAssertEqual(
            try clean(page("Critics’ Choice: Best UK Art Exhibitions 2025 – Artlyst")).title,
            "Critics’ Choice: Best UK Art Exhibitions 2025")
        XCTAssertEqual(
            try clean(page("Ten exhibitions to see – Tate Modern")).title, "Ten exhibitions to see – Tate Modern")
        let prefixed = page(
            "Pulse!", site: "SoundStage! Xperience",
            title: "SoundStageXperience.com - The Five Best Noise-Canceling Headphones")
        XCTAssertEqual(
            try clean(prefixed, url: "https://www.soundstagexperience.com/features/686-headphones").title,
            "The Five Best Noise-Canceling Headphones")
        XCTAssertEqual(
            try clean(prefixed, url: "https://www.example.com/features/686-headphones").title,
            "SoundStageXperience.com - The Five Best Noise-Canceling Headphones", "another site's host stays")
    }

    /// A site builder that prints the headline as a styled paragraph (no heading at all): the
    /// paragraph that is the title anchors the byline and the dateline under it.
    func testAHeadlinePrintedAsAParagraph() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let page = """
            <html><head><title>Scaling Go testing with contract mocks</title></head><body>
            <div><p>Pricing</p><p>Sign in</p></div>
            <div class="title"><p>Scaling Go testing with contract mocks</p></div>
            <div><p>By Preetam Jinka</p><p>Dec 17, 2025</p><p>6 min read</p></div>
            <article>\(body)</article></body></html>
            """
        let article = try clean(page)
        XCTAssertEqual(article.publishedRaw, ["Dec 17, 2025"])
        XCTAssertEqual(article.authors, ["Preetam Jinka"])
        // A paragraph that only shares words with the title anchors nothing.
        let other = try clean(
            page.replacingOccurrences(
                of: "<p>Scaling Go testing with contract mocks</p>", with: "<p>Scaling Go testing</p>"))
        XCTAssertEqual(other.authors, [])
    }

    /// A theme that styles the headline as an <h2> before any <h1>: its dateline is read under it.
    func testHeadlineStyledAsASubheading() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let page = try clean(
            """
            <html><head><title>Council passes the budget | City Blog</title></head><body>
            <h2>Council passes the budget</h2><p>Dec. 19, 2025 · Jane Doe</p>
            <article>\(body)<h1>What the vote means</h1>\(body)</article></body></html>
            """)
        XCTAssertEqual(page.publishedRaw, ["Dec. 19, 2025 · Jane Doe"])
    }
}
