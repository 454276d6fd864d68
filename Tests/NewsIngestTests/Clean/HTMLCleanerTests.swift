import TestSupport
import XCTest

@testable import NewsIngest

/// The language rules of the bundled lexicon, as the cleaner builds them.
private let rules = CleanRules(lexicon: .bundled)

final class HTMLCleanerTests: XCTestCase {
    private let cleaner = HTMLCleaner()

    private func clean(_ html: String, url: String? = "https://news.example.com/a/1.html") throws -> CleanedArticle {
        try cleaner.clean(bytes: Array(html.utf8), url: url)
    }

    private let prose = [
        "The city council met on Tuesday evening to discuss the new budget, which includes funds for schools, "
            + "roads and parks.",
        "Several residents spoke during the public session, asking for more street lighting and safer crossings "
            + "near the market.",
        "The mayor said the final vote would take place next month, after a second round of consultation with "
            + "neighbourhood groups.",
    ]

    func testKeepsArticleParagraphsAndDropsFurniture() throws {
        let page = """
            <html lang="en"><head><title>Budget vote | Example News</title>
            <meta property="og:title" content="Council debates budget"></head><body>
            <header><nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li><li><a \
            href="/s">Sport</a></li></ul></nav></header>
            <div class="cookie-consent">We use cookies to give you the best experience on our website, accept?</div>
            <main><article>
              <h1>Council debates budget</h1>
              <div class="share-buttons"><a href="#">Facebook</a> <a href="#">Twitter</a> Share this article</div>
              <div class="article-body">
                <p>\(prose[0])</p><p>\(prose[1])</p>
                <figure><img src="/img/hall.jpg" alt="City hall"><figcaption>The city hall on Tuesday. (Photo: Jane \
            Roe)</figcaption></figure>
                <p>\(prose[2])</p>
                <p><strong>Read more:</strong> <a href="/b">Another story about something else entirely</a></p>
              </div>
              <div class="comments">Comments (0)</div>
            </article>
            <aside class="related"><h2>Related</h2><ul><li><a href="/x">A related story that is long enough to look \
            like a sentence</a></li></ul></aside>
            </main>
            <footer><p>Copyright 2026 Example News. All rights reserved. Terms of use and privacy policy \
            apply.</p></footer>
            </body></html>
            """
        let article = try clean(page)
        XCTAssertEqual(article.paragraphs.map(\.text), prose)
        XCTAssertEqual(article.title, "Council debates budget")
        XCTAssertEqual(
            article.images,
            [
                ArticleImage(
                    src: "https://news.example.com/img/hall.jpg", alt: "City hall",
                    caption: "The city hall on Tuesday.", credit: "Jane Roe")
            ])
        XCTAssertNil(article.noContentReason)
    }

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
        XCTAssertEqual(both.publishedRaw, ["April 28, 2019 at 6:01 am "])
        XCTAssertEqual(both.modifiedRaw, [" April 29, 2019 at 3:33 pm"])
        let marked = try clean(
            """
            <html><head><meta property="article:published_time" content="2019-04-27T10:00:00Z"></head><body>
            <h1>Council passes the budget</h1><p>April 28, 2019</p><article>\(body)</article></body></html>
            """)
        XCTAssertEqual(marked.publishedRaw, ["2019-04-27T10:00:00Z"])
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

    func testBylinesFromAuthorLinksGroupsAndRoles() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        // A link to an author page is a byline; the publisher's initials in meta give way to it;
        // a teaser's author link further down is not the article's.
        let linked = try clean(
            """
            <html><head><meta name="author" content="LTO"><meta property="og:site_name" content="Legal Tribune \
            Online"></head><body>
            <article><h1>Court rules</h1><p class="meta">von <a href="/autoren/name/max-kolter">Dr. Max \
            Kolter</a></p>\(body)
            <aside><a href="/autoren/name/jane-roe">Jane Roe</a></aside></article></body></html>
            """)
        XCTAssertEqual(linked.authors, ["Dr. Max Kolter"])
        // Several rel=author names standing together, where JSON-LD kept only one of them.
        let several = try clean(
            """
            <html><head><script type="application/ld+json">{"@type": "NewsArticle", "author": [{"@type": "Person", \
            "name": "Marlene Holm"}]}</script>
            </head><body><article><h1>Sentenced</h1><div class="bylines">
            <address><a rel="author" href="mailto:a@db.no">Ingrid Treborg</a></address>
            <address><a rel="author" href="mailto:b@db.no">Marlene \
            Holm</a></address></div>\(body)</article></body></html>
            """)
        XCTAssertEqual(several.authors, ["Marlene Holm", "Ingrid Treborg"])
        // Job titles after Korean names, the publisher next to a person, and a description are not names.
        let korean = try clean(
            """
            <html><head><meta property="og:site_name" content="한국일보"><meta name="author" content="신현주 기자, 한국일보">
            </head><body><article><h1>예산안</h1>\(body)</article></body></html>
            """)
        XCTAssertEqual(korean.authors, ["신현주"])
        XCTAssertEqual(
            rules.names.splitNames(
                "Povilas Aleksandravičius, Mykolo Romerio universiteto Žmogaus ir visuomenės studijų fakulteto "
                    + "profesorius"
            ),
            ["Povilas Aleksandravičius"])
        XCTAssertTrue(BoilerplateRules.isAuthorPageLink("https://example.com/author/jane-roe/"))
        XCTAssertTrue(BoilerplateRules.isAuthorPageLink("/autoren/name/max-kolter?ref=top"))
        XCTAssertFalse(BoilerplateRules.isAuthorPageLink("/autoren/"))
        XCTAssertFalse(BoilerplateRules.isAuthorPageLink("https://author.example.com/news/1.html"))
        XCTAssertTrue(BoilerplateRules.isAuthorPageLink("//cdn.example.com/Author/jane?x=1"))
        XCTAssertFalse(BoilerplateRules.isAuthorPageLink("/author?id=7"))
        XCTAssertFalse(BoilerplateRules.isAuthorPageLink("mailto:author@example.com"))
    }

    func testPublisherAsAuthorGivesWayToTheVisibleByline() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let page = try clean(
            """
            <html><head><meta property="og:site_name" content="Stern"><meta name="author" \
            content="stern.de"></head><body>
            <article><h1>Why criticism fails</h1><div class="byline">Von Jemima Kelly und Max \
            Roe</div>\(body)</article></body></html>
            """)
        XCTAssertEqual(page.authors, ["Jemima Kelly", "Max Roe"])
        // Only the publisher and no byline: kept (some sites sign as the newsroom).
        let newsroom = try clean(
            """
            <html><head><meta name="author" content="BBC \
            News"></head><body><article><h1>Storm</h1>\(body)</article></body></html>
            """)
        XCTAssertEqual(newsroom.authors, ["BBC News"])
        XCTAssertEqual(
            rules.names.splitNames("Corina Gall (cog.), David Vonplon (dvp)"), ["Corina Gall", "David Vonplon"])
    }

    func testBylineLinesNoMarkupMarksAreReadByTheirWords() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        func authors(after h1: String, line: String, head: String = "") throws -> [String] {
            try clean(
                "<html><head>\(head)</head><body><article><h1>\(h1)</h1><ul><li>\(line)</li></ul>"
                    + "\(body)</article></body></html>"
            ).authors
        }
        XCTAssertEqual(
            try authors(after: "Hantavirus claims checked", line: "Von: Bill McCarthy, Marisha Goldhamer"),
            ["Bill McCarthy", "Marisha Goldhamer"])
        XCTAssertEqual(
            try authors(
                after: "Why criticism fails", line: "von Jemima Kelly",
                head: "<meta property=\"og:site_name\" content=\"Stern\"><meta name=\"author\" content=\"stern.de\">"),
            ["Jemima Kelly"])
        XCTAssertEqual(try authors(after: "El presupuesto", line: "Texto: Ana de la Cruz"), ["Ana de la Cruz"])
        // Sentences that open with the same words are not bylines.
        XCTAssertEqual(try authors(after: "Neue Regel", line: "Von Montag an gilt die neue Regel für alle."), [])
        XCTAssertEqual(try authors(after: "Budget", line: "By the end of May"), [])
        XCTAssertEqual(try authors(after: "Scams", line: "Text Message Scams Rise"), [], "a label needs its colon")
        // A person the metadata names is not replaced.
        XCTAssertEqual(
            try authors(after: "Storm", line: "By Max Roe", head: "<meta name=\"author\" content=\"Jane Doe\">"),
            ["Jane Doe"])
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

    func testBodyOnlyInScriptStateIsFound() throws {
        let texts = prose + prose.map { "Later in the meeting: " + $0 }
        let paragraphs = texts.map { "\\u003cp class=\\\"editor-p\\\"\\u003e\($0)\\u003c/p\\u003e" }.joined(
            separator: "$$ARTICLEAD$$")
        let page = """
            <html><head><title>Council debates budget | Example</title></head><body><div id="root"></div>
            <script>window["__STATE__"] = {"queries":[{"data":{"title":"Council debates budget","subTitle":"short",
            "contentHtml":"\(paragraphs)","writerName":"Jane Roe"}}]};</script></body></html>
            """
        let article = try clean(page)
        XCTAssertNil(article.noContentReason)
        XCTAssertEqual(article.paragraphs.map(\.text), texts, "the state's HTML, ad slots removed")
        // A page with a visible article does not look in its scripts.
        let visible = try clean(
            "<html><body><article>" + prose.map { "<p>\($0)</p>" }.joined()
                + "</article><script>x = {\"content\":\"<p>other</p>\"}</script></body></html>")
        XCTAssertEqual(visible.paragraphs.map(\.text), prose)
    }

    func testInfiniteScrollKeepsTheArticleNamedByTheTitle() throws {
        let next = (1...6).map {
            "<p>The next story, appended as the reader scrolls, has many more words, commas, clauses, and "
                + "sentences than the first, number \($0).</p>"
        }.joined()
        let page = """
            <html><head><meta property="og:title" content="Council debates budget for next year"></head><body><main>
            <article><h1>Council debates budget for next year</h1><div class="body">\
            \(prose.map { "<p>\($0)</p>" }.joined())</div></article>
            <div class="next"><article><h1>Another story entirely</h1><div class="body">\(next)</div></article></div>
            </main></body></html>
            """
        let article = try clean(page)
        XCTAssertEqual(article.paragraphs.map(\.text).filter { $0 != "Council debates budget for next year" }, prose)
    }

    func testParagraphBoxesSplitAcrossSingleChildWrappersAreJoined() throws {
        // Each paragraph in its own wrapper, the longest wrapped once more: the article is all of them.
        let long =
            "The report, more than a hundred pages long, describes in detail how the supervisors missed the "
            + "warning signs, how the bank grew, and how its managers ignored the risks for years."
        let page = """
            <html><body><main><article><h1>Supervisors admit failures</h1><section><div class="wrap">
            <div class="box"><p>\(prose[0])</p></div>
            <div class="box"><p>\(prose[1])</p></div>
            <div><div class="box"><p>\(long)</p><p>\
            \(long.replacingOccurrences(of: "report", with: "review"))</p><p>\(prose[2])</p></div></div>
            <div class="appeal"><p>Independent journalism needs you, now more than ever, so please consider a small \
            monthly contribution today.</p></div>
            </div></section></article></main></body></html>
            """
        let texts = try clean(page).paragraphs.map(\.text)
        XCTAssertTrue(texts.contains(prose[0]), "\(texts)")
        XCTAssertTrue(texts.contains(prose[1]))
        XCTAssertTrue(texts.contains(long))
        XCTAssertFalse(
            texts.contains { $0.hasPrefix("Independent journalism") }, "a weak box after the article is not the article"
        )
        XCTAssertTrue(
            rules.lines.isWidgetLine("Follow us: Facebook https://fb.me/news Twitter https://twitter.com/news"))
        XCTAssertFalse(
            rules.lines.isWidgetLine("The ministry published the figures at https://example.gov/report on Monday."))
    }

    func testBodyTextComponentsBetweenImagesAndAdsAreJoined() throws {
        // A CMS repeats its body-text component between images, ads and embeds; the first holds
        // most of the text, the later ones a paragraph or two each ("version-2" is a modifier).
        let long = (0..<5).map { "\(prose[$0 % 3]) Paragraph \($0) of the opening section adds its own detail." }
        let later =
            "Fuelling speculation, the opposition leader returned to the capital late on Wednesday, his spokesman said."
        let last =
            "Whatever the final outcome, the events could signal a once-in-a-generation change for the former colony."
        let page = """
            <html><body><main><article>
            <div class="articleBodyText version-2 section"><div class="component"><div class="content">\
            \(long.map { "<p>\($0)</p>" }.joined())</div></div></div>
            <div class="articleBodyImage section"><figure><img src="/a.jpg" alt="Harare"><figcaption>Harare on \
            Wednesday</figcaption></figure></div>
            <div class="articleBodyText section"><div class="component"><div \
            class="content"><p>\(later)</p></div></div></div>
            <div class="dynamicMpu section"><div class="advert"></div></div>
            <div class="articleBodyText section"><div class="component"><div \
            class="content"><p>\(last)</p></div></div></div>
            </article></main></body></html>
            """
        let texts = try clean(page).paragraphs.map(\.text)
        XCTAssertEqual(texts, long + [later, last])
    }

    func testTextWeightCountsLettersByScript() {
        // Letters and digits 1, scripts written without spaces 3 (also 4-byte Han), punctuation 0.
        XCTAssertEqual(TextWeight.of("abc, 12!").weight, 5)
        XCTAssertEqual(TextWeight.of("abc, 12!").commas, 1)
        XCTAssertEqual(TextWeight.of("Ärger über Öl").weight, 11)
        XCTAssertEqual(TextWeight.of("日本語、𠀀").weight, 12)
        XCTAssertEqual(TextWeight.of("日本語、𠀀").commas, 1)
        XCTAssertEqual(TextWeight.of("مرحبا، عالم").weight, 9)
        XCTAssertEqual(TextWeight.of("Привет — мир").weight, 9)
        XCTAssertEqual(TextWeight.of("").weight, 0)
    }

    func testHeadlineWithKickerAndBylineLineAreNotBody() throws {
        let page = try clean(
            """
            <html><head><meta property="og:title" content="Why the council cut the parks fund"><meta name="author" \
            content="Jane Roe"></head>
            <body><article><div class="text"><h1>Budget row: Why the council cut the parks fund</h1><p>Von Jane Roe</p>
            \(prose.map { "<p>\($0)</p>" }.joined())<p>Jane Roe, Max Mustermann</p></div></article></body></html>
            """)
        XCTAssertEqual(page.title, "Why the council cut the parks fund")
        XCTAssertEqual(page.authors, ["Jane Roe"])
        // The byline goes; a line naming someone besides the authors stays.
        XCTAssertEqual(page.paragraphs.map(\.text), prose + ["Jane Roe, Max Mustermann"])
    }

    func testPaywallPromptsAndAuthorBoxesLeaveWithTheirBox() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let page = try clean(
            """
            <html><body><article><h1>停戦交渉</h1><div class="body">\(body)
            <div class="promo"><div class="container"><p>この記事は会員限定です。無料で会員登録できます。</p>
            <dl><dt>中日プラスに登録すると</dt><dd>電子版が利用できる</dd><dd>会員向け記事が読み放題</dd></dl></div></div>
            <p>Subscribe to continue reading this story and many more.</p>
            <section><h2>About the author</h2><p>Jane Roe</p><p>Jane Roe covers city politics for the paper since \
            2019.</p></section>
            </div></article></body></html>
            """)
        XCTAssertEqual(page.paragraphs.map(\.text), prose)
        XCTAssertEqual(rules.lines.lineKind("Tu suscripción se está usando en otro dispositivo"), .boxOpener)
        XCTAssertEqual(rules.lines.lineKind("Empfohlener redaktioneller Inhalt"), .boxOpener)
        let phrases = PhraseSet(["会員限定", "about the author", "zq"])
        XCTAssertTrue(phrases.occurs(in: "この記事は会員限定です"))
        XCTAssertTrue(phrases.occurs(in: "more about the author"))
        XCTAssertTrue(phrases.occurs(in: "zq"))
        XCTAssertFalse(phrases.occurs(in: "about the autho"))
        XCTAssertFalse(phrases.occurs(in: ""))
        XCTAssertTrue(phrases.occurs(in: "xzq"), "a phrase that ends the line")
        XCTAssertFalse(phrases.occurs(in: "z"))
        XCTAssertFalse(phrases.occurs(in: "abut the author zx"), "first bytes alike are not enough")
        XCTAssertEqual(rules.lines.lineKind("The union said its members would vote on the new offer next week."), .text)
    }

    func testBoldSignatureLinesAreTheAuthors() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        // At the foot: the publisher in metadata gives way to the signature, which leaves the body.
        let foot = try clean(
            """
            <html><head><meta property="og:site_name" content="VnExpress"><meta name="author" \
            content="VnExpress"></head>
            <body><article><h1>Ung thư</h1>\(body)<p style="text-align:right"><strong>Lê \
            Phương</strong></p></article></body></html>
            """)
        XCTAssertEqual(foot.authors, ["Lê Phương"])
        XCTAssertEqual(foot.paragraphs.map(\.text), prose)
        // At the top, after a standfirst; two names joined by a slash.
        let top = try clean(
            """
            <html><body><article><h1>Mining blasts</h1><p><em>…as villages cry foul</em></p>
            <p><strong>Mathatisi Sebusi/Mohalenyane Phakela</strong></p>\(body)</article></body></html>
            """)
        XCTAssertEqual(top.authors, ["Mathatisi Sebusi", "Mohalenyane Phakela"])
        XCTAssertEqual(top.paragraphs.map(\.text), ["…as villages cry foul"] + prose)
        // A bold closing line that is not names stays; so does a bold subheading.
        XCTAssertFalse(rules.names.isSignature("Read the full report here."))
        XCTAssertFalse(rules.names.isSignature("Breaking"))
        XCTAssertFalse(rules.names.isSignature("What the council decided on Tuesday"))
        XCTAssertEqual(rules.names.splitNames("By, Joshua Sokol"), ["Joshua Sokol"])
        XCTAssertEqual(rules.names.splitNames("王小明特派记者、松岡大地記者"), ["王小明", "松岡大地"])
    }

    func testStandfirstAboveTheBodyIsTheLeadWhenTheDescriptionSaysSo() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let lead =
            "The council approved a leaner budget after a long night of debate, cutting the parks fund by a third."
        func page(description: String) -> String {
            """
            <html><head><meta property="og:description" content="\(description)"></head><body>
            <header class="article-header"><h1>Budget passed</h1><p class="standfirst">\(lead)</p></header>
            <nav><p>Other stories from the city desk that you may also want to read today, in full.</p></nav>
            <div class="article-body">\(body)</div></body></html>
            """
        }
        XCTAssertEqual(try clean(page(description: lead)).paragraphs.map(\.text), [lead] + prose)
        // A description the site cut short with an ellipsis still finds its standfirst.
        XCTAssertEqual(try clean(page(description: String(lead.prefix(60)) + "…")).paragraphs.first?.text, lead)
        // A description that is not on the page adds nothing.
        XCTAssertEqual(
            try clean(page(description: "Read the latest news about the city budget on Example News every day."))
                .paragraphs.map(\.text), prose)
    }

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

    func testCaptionsWithoutFigureMarkupGoToTheirImage() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let alt = "Norbert Salcher, head of the school, welcomed only 14 of 75 children on Monday"
        let page = try clean(
            """
            <html><body><article><h1>Schools reopen</h1>\(body)
            <div class="media"><img src="/img/school.jpg" alt="\(alt)"><div><small>\(alt)</small> <small>© VS \
            Tristach</small></div></div>
            <p>Getty Images</p><p>\(prose[0]) Afterwards the council thanked the teachers.</p>
            <p>© The Financial Times Ltd. 2024</p></article></body></html>
            """)
        XCTAssertFalse(
            page.paragraphs.contains { $0.text.contains("Norbert Salcher") }, "\(page.paragraphs.map(\.text))")
        XCTAssertFalse(page.paragraphs.contains { $0.text.contains("Getty") || $0.text.hasPrefix("©") })
        XCTAssertEqual(page.images.first?.caption, alt)
        XCTAssertEqual(page.images.first?.credit, "VS Tristach")
        XCTAssertTrue(rules.lines.isCreditLine("AFP via Getty Images"))
        XCTAssertTrue(rules.lines.isCreditLine("IMAGO/Nico Herbertz"))
        XCTAssertFalse(rules.lines.isCreditLine("Reuters reported that the talks failed"))
        XCTAssertFalse(rules.lines.isCreditLine("(c) the minister may revoke a licence"))
        // A paragraph that happens to open like the alt text, with text between it and the
        // image, stays.
        let far = try clean(
            """
            <html><body><article><h1>Schools reopen</h1><img src="/img/school.jpg" alt="\(prose[1])">
            \((1...3).map { "<p>\(prose[$0 % 3]) Paragraph \($0) of the report.</p>" }.joined())
            <p>\(prose[1])</p></article></body></html>
            """)
        XCTAssertEqual(far.paragraphs.last?.text, prose[1])
    }

    func testMalformedHTMLStillYieldsText() throws {
        let page =
            "<html><body><div class=story><p>\(prose[0])<p>\(prose[1]) <b>unclosed <i>tags</div><p>\(prose[2])</body>"
        let article = try clean(page)
        XCTAssertEqual(article.paragraphs.count, 3)
        XCTAssertTrue(article.paragraphs[1].text.contains("unclosed tags"))
    }

    func testDeepNesting() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "<div>", count: depth) + "<p>\(prose[0])</p>" + String(repeating: "</div>", count: depth)
        }
        XCTAssertEqual(try clean(nested(200)).paragraphs.map(\.text), [prose[0]])
        // Past libxml2's default depth limit of 256 (lifted with XML_PARSE_HUGE): no crash, no
        // stack overflow, and the article (it used to stop parsing and give "no content").
        XCTAssertEqual(try clean(nested(20_000)).paragraphs.map(\.text), [prose[0]])
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

    func testBreaksSplitParagraphs() throws {
        let page =
            "<html><body><div class=\"story\">\(prose[0])<br><br>\(prose[1])<br>still the "
            + "second<br/><br/>\(prose[2])</div></body></html>"
        let texts = try clean(page).paragraphs.map(\.text)
        XCTAssertEqual(texts, [prose[0], prose[1] + " still the second", prose[2]])
    }

    /// Every demo-site page: its own paragraphs, nothing else, and its caption in `images`.
    func testDemoSitePages() throws {
        let expected = try DemoArticle.all()
        XCTAssertGreaterThanOrEqual(expected.count, 12)
        for (slug, demo) in expected {
            let bytes = try [UInt8](
                Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/site/\(slug).html"))))
            let article = ParagraphDeduplicator().deduplicate(
                try cleaner.clean(bytes: bytes, url: "http://127.0.0.1:8731/\(slug).html"))
            XCTAssertEqual(article.paragraphs.map(\.text), demo.paragraphs, slug)
            XCTAssertEqual(article.title, demo.title, slug)
            XCTAssertEqual(article.authors, [demo.author], slug)
            XCTAssertEqual(article.duplicatesRemoved, demo.repeated, slug)
            if let figure = demo.figure {
                XCTAssertEqual(article.images.map(\.caption), [figure.caption], slug)
                XCTAssertEqual(article.images.map(\.credit), [figure.credit], slug)
            } else {
                XCTAssertEqual(article.images, [], slug)
            }
        }
    }
}
