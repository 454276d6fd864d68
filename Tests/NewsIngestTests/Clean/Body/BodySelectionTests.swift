import XCTest

@testable import NewsIngest

/// The language rules of the bundled lexicon, as the cleaner builds them.
private let rules = CleanRules(lexicon: .bundled)

/// How the body is chosen and joined: container scoring, sibling join, script-state bodies,
/// and the lines and boxes that leave it.
final class BodySelectionTests: XCTestCase, CleanerTesting {
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

    /// React's streamed rendering: the visible shell holds a sale banner; the article arrives in
    /// a hidden segment its script moves into place. The article is what a reader sees.
    func testAnArticleStreamedInAHiddenSegmentBeatsTheVisibleShell() throws {
        let banner = "Save up to 20% on every mattress with free delivery this week, and more deals in store."
        let article = try clean(
            """
            <html><head><title>Side sleepers</title></head><body>
            <div><p>\(banner)</p><template id="B:3"></template></div>
            <div hidden id="S:3"><div><h1>Side sleepers</h1>\(prose.map { "<p>\($0)</p>" }.joined())</div></div>
            <script>$RC("B:3","S:3")</script></body></html>
            """)
        // (On a page this small the banner above it may join the article as a sibling.)
        XCTAssertEqual(Array(article.paragraphs.map(\.text).suffix(prose.count)), prose)
        // A hidden segment that is not the article does not displace the visible one.
        let visible = try clean(
            """
            <html><head><title>Council</title></head><body>
            <article><h1>Council</h1>\(prose.map { "<p>\($0)</p>" }.joined())</article>
            <div hidden id="S:a"><p>\(banner)</p></div><script>$RS("S:a","P:a")</script></body></html>
            """)
        XCTAssertEqual(visible.paragraphs.map(\.text), prose)
    }

    /// A guide folds its steps into accordion panels (a region labelled by the button that opens
    /// it): their text is the article's. A box merely hidden by its style is not.
    func testCollapsedAccordionPanelsBelongToTheArticleAndHiddenBoxesDoNot() throws {
        let hiddenOffer = "Subscribe now and get three months of unlimited access for the price of one coffee."
        let article = try clean(
            """
            <html><head><title>Guide</title></head><body><article><h1>Guide</h1><p>\(prose[0])</p>
            <div><a id="h1" role="button" aria-controls="c1">1. Step one</a></div>
            <div id="c1" style="display:none;" role="region" aria-labelledby="h1"><p>\(prose[1])</p></div>
            <div><a id="h2" role="button" aria-controls="c2">2. Step two</a></div>
            <div id="c2" hidden role="region" aria-labelledby="h2"><p>\(prose[2])</p></div>
            <div style="display: none"><p>\(hiddenOffer)</p></div>
            <div role="region" aria-labelledby="h3" aria-hidden="true"><p>\(hiddenOffer)</p></div>
            </article></body></html>
            """)
        let texts = article.paragraphs.map(\.text)
        XCTAssertEqual(texts.filter { prose.contains($0) }, prose)
        XCTAssertFalse(texts.contains(hiddenOffer), "\(texts)")
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

    /// A second <article> without a headline of its own (a recipe card under the story, its
    /// sections labelled "Instructions" and "Notes") is this page's, not the next story: the
    /// title does not pull the body back to the short intro.
    func testAnArticleWithoutAHeadlineOfItsOwnIsNoOtherStory() throws {
        let steps = (1...6).map {
            "<li><p>Step \($0): stir the flour, water, salt and starter together, then cover the bowl, let it "
                + "rest, and fold the dough gently before it rises again.</p></li>"
        }.joined()
        let page = """
            <html><head><meta property="og:title" content="Easy everyday sourdough bread"></head><body><main>
            <article><h1>Easy everyday sourdough bread</h1><div class="intro"><p>\(prose[0])</p></div></article>
            <section><article class="recipe"><h2>Instructions</h2><ol>\(steps)</ol>
            <div class="tips"><h2>Notes</h2></div></article></section>
            </main></body></html>
            """
        let texts = try clean(page).paragraphs.map(\.text)
        XCTAssertEqual(texts.filter { $0.hasPrefix("Step ") }.count, 6, "\(texts)")
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
        XCTAssertEqual(BoilerplateRules.rawURLCount("see hhttp://a and https://b, http:/c, httpx", atMost: 9), 3)
        XCTAssertEqual(BoilerplateRules.rawURLCount("http://a http://b http://c", atMost: 2), 2)
        XCTAssertEqual(BoilerplateRules.rawURLCount("http", atMost: 2), 0)
        // Widget labels in any case, after spaces, with a counter; not inside a sentence.
        XCTAssertTrue(rules.lines.isWidgetLine("  Komentar (0)"))
        XCTAssertTrue(rules.lines.isWidgetLine("SHARE"))
        XCTAssertFalse(rules.lines.isWidgetLine("Shares fell (3)"))
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

    /// An author box beside the body's box (a root of its own, joined for its prose) leaves
    /// with its heading too, as does a reviewer's; the body's box never does.
    func testAnAuthorBoxBesideTheBodyLeavesWithItsHeading() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let bio =
            "Jane Roe is the executive editor of the Health Letter. She also writes for the Heart Letter and "
            + "the Men's Health Watch, and she covered medicine for two newspapers before that."
        let reviewer = bio.replacingOccurrences(of: "Jane", with: "Toni")
        // Tag links before the body keep the <article> from winning: the body's box does, and the
        // boxes of prose beside it join it.
        let tags = (0..<12).map { "<a href=\"/tag/\($0)\">Topic number \($0)</a>" }.joined(separator: " ")
        let page = try clean(
            """
            <html><body><main><article><h1>Exercise eases depression</h1><div class="tags">\(tags)</div>
            <div class="article-body">\(body)</div>
            <div class="box mt-8"><h2>About the Author</h2><div><p>\(bio)</p></div></div>
            <div class="box mt-8"><h2>About the Reviewer</h2><div><p>\(reviewer)</p></div></div>
            </article></main></body></html>
            """)
        XCTAssertEqual(page.paragraphs.map(\.text), prose)
        // The same heading at the top of the article's own box closes nothing.
        let inBody = try clean(
            """
            <html><body><main><article><div class="body"><h2>About the author</h2>\(body)</div>
            <div class="other"><p>\(bio)</p></div></article></main></body></html>
            """)
        XCTAssertTrue(inBody.paragraphs.map(\.text).starts(with: prose), inBody.paragraphs.map(\.text).joined())
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
        // A newsletter form's prompt and its small print open its box too.
        XCTAssertEqual(rules.lines.lineKind("Sign up now for the Mashable Deals newsletter."), .boxOpener)
        XCTAssertEqual(rules.lines.lineKind("By signing up, you agree to receive recurring messages."), .boxOpener)
        XCTAssertEqual(rules.lines.lineKind("The newsletter signed up 4,000 readers in a week."), .text)
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
        XCTAssertTrue(rules.lines.isCreditLine(" reuters"))
        XCTAssertTrue(rules.lines.isCreditLine("© Ölwerke Hamburg"))
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

    func testBreaksSplitParagraphs() throws {
        let page =
            "<html><body><div class=\"story\">\(prose[0])<br><br>\(prose[1])<br>still the "
            + "second<br/><br/>\(prose[2])</div></body></html>"
        let texts = try clean(page).paragraphs.map(\.text)
        XCTAssertEqual(texts, [prose[0], prose[1] + " still the second", prose[2]])
    }

    /// libxml2 nests what follows an unclosed <li> or a consent dialog inside it: the page's
    /// <main>, or its headline with most of its prose, inside "certain" furniture is still the
    /// article. A real nav or dialog next to the article stays furniture.
    func testArticleMisNestedIntoFurnitureIsStillTheArticle() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let inNav = try clean(
            """
            <html><body><header><nav><ul><li><a href="/a">News</a><li><div>
            <main><article><h1>Council passes the budget</h1>\(body)</article></main>
            </body></html>
            """)
        XCTAssertEqual(inNav.paragraphs.map(\.text), prose)
        let inDialog = try clean(
            """
            <html><body><div role="dialog" class="consent"><div class="banner"><p>We care about your privacy.</p>
            </div><div><h1>Council passes the budget</h1>\(body)</body></html>
            """)
        XCTAssertEqual(inDialog.paragraphs.map(\.text), prose)
        let beside = try clean(
            """
            <html><body><nav><p>Menu: news, sport, weather, culture and the archive of past editions.</p></nav>
            <h1>Council passes the budget</h1>\(body)</body></html>
            """)
        XCTAssertEqual(beside.paragraphs.map(\.text), prose, "a nav beside the article is still furniture")
    }

    /// Page builders nest each section of an article deeper than a vote reaches, so no box
    /// wins and the best is one section: the nearest ancestor with most of the page's voting
    /// prose is the article then. It never takes in another story's <article>.
    func testAnArticleSplitOverDeepSectionsIsTakenWhole() throws {
        let words = ["first", "second", "third", "fourth", "fifth", "sixth"]
        let sections = words.enumerated().map { index, word in
            let text = prose[index % prose.count] + " This is the \(word) part of the guide."
            return "<section>" + String(repeating: "<div>", count: 7) + "<p>\(text)</p>"
                + String(repeating: "</div>", count: 7) + "</section>"
        }
        let page = try clean(
            """
            <html><body><nav><a href="/">Home</a> <a href="/guides">Guides</a></nav>
            <div class="builder"><h1>How to plant a garden</h1>\(sections.joined())</div>
            <footer><p>Copyright Example Gardens, all rights reserved, since the year 2001.</p></footer></body></html>
            """)
        XCTAssertEqual(page.paragraphs.count, 6, page.paragraphs.map(\.text).joined(separator: "\n"))
        XCTAssertTrue(page.paragraphs.allSatisfy { $0.text.contains("part of the guide") })
        // Four steps of such a guide, each wrapped in an <article> of its own (a quarter of the
        // prose each) and headed by no headline: steps of one page, not other stories.
        let steps = sections.prefix(4).map {
            $0.replacingOccurrences(of: "section>", with: "article>")
                .replacingOccurrences(of: "<p>", with: "<p>Water the beds early in the morning, before the heat. ")
        }
        let wrapped = try clean(
            """
            <html><body><main><div class="builder"><h1>How to plant a garden</h1>\(steps.joined())</div>
            </main></body></html>
            """)
        XCTAssertEqual(wrapped.paragraphs.count, 4, wrapped.paragraphs.map(\.text).joined(separator: "\n"))

        let story = prose.map { "<p>\($0)</p>" }.joined()
        let next = words.map { "<p>The next story, its \($0) paragraph, is about the harbour and its new ferry.</p>" }
        let scrolled = try clean(
            """
            <html><body><main><article><h1>Council passes the budget</h1><div><div><div>\(story)</div></div></div>
            </article><article><h2>Harbour gets a ferry</h2>\(next.joined())</article></main></body></html>
            """)
        XCTAssertEqual(scrolled.paragraphs.map(\.text), prose, "the next story is not taken in")
    }

    /// A page builder's layout columns cut a guide in two: its opening paragraphs sit above, in
    /// boxes of their own, and the column that wins the vote holds a little over half of the
    /// prose. The opening belongs to the article; teasers of other posts below it do not.
    func testAnArticleOpeningAboveTheWinningColumnIsTakenIn() throws {
        func paragraphs(_ range: Range<Int>, _ part: String) -> [String] {
            range.map { "\(prose[$0 % prose.count]) This is paragraph \($0 + 1) of the \(part)." }
        }
        let opening = paragraphs(0..<4, "opening")
        let main = paragraphs(0..<6, "main column")
        let openingBoxes = opening.map { "<div class=\"block-paragraph\"><p>\($0)</p></div>" }.joined()
        let column = main.map { "<div class=\"block-paragraph\"><p>\($0)</p></div>" }.joined()
        func page(opening: String, after: String) -> String {
            """
            <html><body><main><article><h1>How to choose solar panels</h1><section>\(opening)
            <div class="columns"><div class="column"><div class="toc"><a href="#a">Step 1</a>
            <a href="#b">Step 2</a></div></div>
            <div class="column"><div class="stack"><div class="inner">\(column)</div></div></div></div>
            \(after)</section></article></main></body></html>
            """
        }
        XCTAssertEqual(try clean(page(opening: openingBoxes, after: "")).paragraphs.map(\.text), opening + main)
        // The same winning column with its share of the prose below it instead, in teasers of
        // other posts: the column stands alone rather than take the teasers in.
        let teasers = (1...4).map { n in
            "<div class=\"card\"><div><p>Another post, number \(n), explains how a heat pump changes the bill, "
                + "and what the installer checks first, before the work starts.</p></div></div>"
        }.joined()
        let more = "<div class=\"more\"><div class=\"cards\">\(teasers)</div></div>"
        XCTAssertEqual(try clean(page(opening: "", after: more)).paragraphs.map(\.text), main)
    }

    /// Between two boxes of the article's prose, a sub-heading or a table in a box of its own is
    /// the article's (it votes for nothing: its cells are too short); a short line that is
    /// neither (a player's label) is not, and nothing joins after the article's last box.
    func testSubHeadingsAndTablesBetweenArticleBoxesAreTakenIn() throws {
        // Two boxes of the CMS's text component, the second shorter: siblings of one kind.
        let first = "<div class=\"text-block\">" + prose.map { "<p>\($0)</p>" }.joined() + "</div>"
        let second =
            "<div class=\"text-block\"><p>The board will publish the final figures in the spring, "
            + "together with the auditor's report and a summary for residents.</p></div>"
        let table =
            "<div class=\"table-block\"><table><tr><th>Room</th><th>Cost</th></tr>"
            + "<tr><td>Kitchen</td><td>$14,500</td></tr><tr><td>Bathroom</td><td>$6,500</td></tr></table></div>"
        let page = try clean(
            """
            <html><body><main><h1>What a renovation costs</h1><div class="layout">
            \(first)<div class="heading-block"><h2>Cost by room</h2></div>\(table)
            <div class="label-block"><span>Gallery</span> <span>14</span></div>\(second)
            <div class="tail-block"><table><tr><td>Sponsored</td><td>Offer</td></tr>
            <tr><td>Loans</td><td>Apply</td></tr></table></div></div></main></body></html>
            """)
        let texts = page.paragraphs.map(\.text)
        XCTAssertEqual(texts.count, 3 + 1 + 6 + 1, texts.joined(separator: "\n"))
        XCTAssertEqual(texts[3], "Cost by room")
        XCTAssertTrue(texts.contains("Kitchen"), "the table's cells are kept")
        XCTAssertFalse(texts.contains { $0.hasPrefix("Gallery") || $0 == "Sponsored" })
    }

    /// A cost guide written as a run of <section>s, one of them far longer than the rest: the
    /// sections after the longest one (a short one with a table) are more of the guide, while a
    /// box of another kind after them (an appeal) still is not.
    func testSectionsAfterTheLongestOneOfARunAreTheArticles() throws {
        func section(_ heading: String, _ paragraphs: [String], extra: String = "") -> String {
            "<section><div><div><h2>\(heading)</h2>" + paragraphs.map { "<p>\($0)</p>" }.joined() + extra
                + "</div></div></section>"
        }
        let long = (0..<9).map { "\(prose[$0 % prose.count]) Paragraph \($0 + 1) of the cost factors." }
        let table = "<table><tr><td>Austin</td><td>$39,400</td></tr><tr><td>Chicago</td><td>$44,700</td></tr></table>"
        let page = try clean(
            """
            <html><body><main><h1>What a renovation costs</h1><section class="guide">
            \(section("Highlights", ["Renovating a home costs between $19,473 and $88,340 this year.", prose[0]]))
            \(section("Size of home", ["The bigger the home, the bigger the bill: size drives it.", prose[1]]))
            \(section("Cost factors", long))
            \(section("Cost by city", ["Where you live makes a difference in what you pay.", prose[2]], extra: table))
            <div class="appeal"><p>Support our guides: become a member today and get every guide first.</p></div>
            </section></main></body></html>
            """)
        let texts = page.paragraphs.map(\.text)
        XCTAssertTrue(texts.contains("Cost by city") && texts.contains("Austin"), texts.joined(separator: "\n"))
        XCTAssertTrue(texts.contains { $0.hasPrefix("Renovating a home") })
        XCTAssertFalse(texts.contains { $0.hasPrefix("Support our guides") }, texts.joined(separator: "\n"))
    }

    /// A "latest posts" grid under the article (cards of a linked headline, a date and an
    /// excerpt) is other pages' teasers; the same cards without dates are a list article's
    /// entries and stay.
    func testALatestPostsGridIsNotTheArticle() throws {
        // The article holds most of the page's prose; the grid holds the rest.
        let article = (0..<9).map { "\(prose[$0 % prose.count]) Paragraph \($0 + 1) of the story." }
        let body = article.map { "<p>\($0)</p>" }.joined()
        func cards(dated: Bool) -> String {
            (1...4).map { n in
                "<div class=\"post\"><h3><a href=\"/blog/post-\(n)\">Can you sue a gym, part \(n)?</a></h3>"
                    + (dated ? "<span>March \(n), 2025</span>" : "")
                    + "<p>When the gym denies your claim it can feel like a dead end, and many members wonder what "
                    + "they can still do about it, number \(n).</p></div>"
            }.joined()
        }
        func page(dated: Bool) -> String {
            """
            <html><body><main><div class="content"><h1>Gym waivers and your rights</h1>\(body)
            <div class="grid">\(cards(dated: dated))</div></div></main></body></html>
            """
        }
        XCTAssertEqual(try clean(page(dated: true)).paragraphs.map(\.text), article)
        let entries = try clean(page(dated: false)).paragraphs.map(\.text)
        XCTAssertEqual(entries.filter { $0.hasPrefix("When the gym denies") }.count, 4, entries.joined(separator: "\n"))
    }

    /// WordPress names the post's topics in its article's classes ("category-deductions-and-
    /// credits", "tag-comments"): they say nothing of the element's role, and a topic word that
    /// is a rule's token (credit, comments) does not make the article a caption or a thread.
    func testTopicClassesSayNothingOfTheElement() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        let page = try clean(
            """
            <html><body><article class="post type-post hentry category-deductions-and-credits tag-comments">
            <h1>Council passes the budget</h1>\(body)</article></body></html>
            """)
        XCTAssertEqual(page.paragraphs.map(\.text), prose)
        XCTAssertEqual(BoilerplateRules.classify("photo-credit"), BoilerplateRules.classify("credit"))
        XCTAssertEqual(BoilerplateRules.classify("category-credits"), [])
    }
}
