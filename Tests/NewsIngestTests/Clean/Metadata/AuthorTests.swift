import XCTest

@testable import NewsIngest

/// The language rules of the bundled lexicon, as the cleaner builds them.
private let rules = CleanRules(lexicon: .bundled)

/// Authors: JSON-LD and meta, author links, bylines in many languages, signatures.
final class AuthorTests: XCTestCase, CleanerTesting {
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

    /// Bylines no markup marks, as blog themes print them: the label on a line of its own and
    /// the name on the next, a date and then "By", and a byline above the headline.
    func testBylinesThemesPrintWithoutMarkup() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        func authors(_ top: String, _ under: String) throws -> [String] {
            try clean(
                "<html><body>\(top)<h1>How to plant a garden</h1>\(under)<article>\(body)</article></body></html>"
            ).authors
        }
        XCTAssertEqual(try authors("", "<div><p>Written by</p><p>Edzel Tabing</p></div>"), ["Edzel Tabing"])
        XCTAssertEqual(
            try authors("", "<div>September 1st, 2023 <span>By Emily Norwood</span></div>"), ["Emily Norwood"])
        XCTAssertEqual(
            try authors("<div><span>Published August 7, 2023</span> <span>by Nicole Burke</span></div>", ""),
            ["Nicole Burke"])
        XCTAssertEqual(
            try authors("", "<div>Updated September 1st, 2023 by the way of the river</div>"), [],
            "words after 'by' that are no names")
        XCTAssertEqual(
            try authors("<div>Posted by Jane Doe</div><h2>Other story</h2>", ""), [], "not past a heading above")
    }

    func testAuthorClassesTitlesAndCreditsForOthers() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        // An element marked only by an author class names the author when it holds names alone;
        // a comment form's "Name *" field does not.
        let boxed = try clean(
            """
            <html><body><h1>Plumbing trends</h1><div class="authorWrapper"><p class="authorName">Podium \
            Staff</p></div><article>\(body)</article><form><label class="comment-author">Name *</label></form>\
            </body></html>
            """)
        XCTAssertEqual(boxed.authors, ["Podium Staff"])
        let form = try clean(
            """
            <html><body><h1>Plumbing trends</h1><article>\(body)</article><form><label class="comment-author">\
            Name *</label></form></body></html>
            """)
        XCTAssertEqual(form.authors, [])
        // A byline group drops the names it credits with an update or a review.
        let updated = try clean(
            """
            <html><body><h1>Best tires</h1><div class="byline"><a href="/author/benjamin-preston">Benjamin \
            Preston</a> <span class="byline">Updated by <a href="/author/jon-linkov">Jon Linkov</a></span></div>\
            <article>\(body)</article></body></html>
            """)
        XCTAssertEqual(updated.authors, ["Benjamin Preston"])
        // A byline and its date on one line, and a logo <h1> before the headline, whose quotes
        // the meta title prints otherwise.
        for line in ["By Sofia Gonzalez December 2, 2025", "By Sofia Gonzalez • 2 December 2025"] {
            let dated = try clean(
                """
                <html><head><title>Houston’s Hottest New Restaurants</title></head><body><h1>Houstonia</h1>\
                <h1>Houston's Hottest New Restaurants</h1><p>\(line)</p><article>\(body)</article></body></html>
                """)
            XCTAssertEqual(dated.authors, ["Sofia Gonzalez"], line)
        }
        let names = rules.names
        XCTAssertEqual(names.splitNames("Will Judd Former Deputy Tech Editor"), ["Will Judd"])
        XCTAssertEqual(names.splitNames("Ashley Biancuzzo, Associate Editor"), ["Ashley Biancuzzo"])
        XCTAssertEqual(names.splitNames("Staff"), ["Staff"], "a title alone is all the byline says")
        XCTAssertEqual(names.splitNames("Guardian staff reporter"), ["Guardian staff reporter"])
        XCTAssertEqual(names.splitNames("Author Posted by Soliant"), ["Soliant"])
        XCTAssertEqual(names.splitNames("View all posts by Ray Ansari"), ["Ray Ansari"])
        XCTAssertEqual(names.splitNames("Jane Doe by the river"), ["Jane Doe by the river"], "a name before 'by'")
        XCTAssertEqual(names.splitNames("\u{201C}David Kim\u{201D}"), ["David Kim"])
        XCTAssertEqual(names.splitNames("Maria &amp; Katerina"), ["Maria", "Katerina"])
        XCTAssertEqual(names.splitNames("Benjamin Preston Reviewed by Jon Linkov"), ["Benjamin Preston"])
        XCTAssertEqual(names.creditedOthers("Updated by Jon Linkov and Ann Lee"), ["Jon Linkov", "Ann Lee"])
        XCTAssertEqual(names.creditedOthers("By Jon Linkov"), [])
        XCTAssertEqual(names.splitNames("İİİ Updated by X"), ["İİİ"], "lowercasing that changes lengths")
    }

    func testAuthorsFromScholarlyMetasPreviewLabelsAndAuthorBoxes() throws {
        let body = prose.map { "<p>\($0)</p>" }.joined()
        func authors(head: String = "", under: String = "", after: String = "") throws -> [String] {
            try clean(
                """
                <html><head>\(head)</head><body><h1>How to plant a garden</h1>\(under)<article>\(body)</article>\
                \(after)</body></html>
                """
            ).authors
        }
        XCTAssertEqual(
            try authors(
                head: #"<meta name="citation_author" content="Roy, Aniruddha"><meta name="citation_author" "#
                    + #"content="Jane Doe">"#),
            ["Aniruddha Roy", "Jane Doe"])
        XCTAssertEqual(
            try authors(
                head: #"<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" "#
                    + #"content="Chase Bernath">"#),
            ["Chase Bernath"])
        XCTAssertEqual(
            try authors(
                head: #"<meta name="twitter:label1" content="Est. reading time"><meta name="twitter:data1" "#
                    + #"content="5 minutes">"#),
            [])
        XCTAssertEqual(
            try authors(after: "<h3>Written by Cassidy Horton</h3><p>Cassidy is a writer.</p>"),
            ["Cassidy Horton"])
        XCTAssertEqual(try authors(after: "<h2>Article by</h2><div>Matias Heikkilä</div>"), ["Matias Heikkilä"])
        let menu = try clean(
            "<html><body><nav><h2>By Role</h2></nav><h1>How to plant a garden</h1><article>\(body)</article>"
                + "</body></html>")
        XCTAssertEqual(menu.authors, [], "a menu heading")
        XCTAssertEqual(try authors(under: "<p>Aaron Ricadela | Senior Writer | July 2, 2025</p>"), ["Aaron Ricadela"])
        XCTAssertEqual(try authors(under: "<p>Markets Rally Again | Opinion</p>"), [], "no date or title beside it")
        XCTAssertEqual(try authors(under: "<p><strong>Contributors:</strong> Janet Loughrey</p>"), ["Janet Loughrey"])
        XCTAssertEqual(
            try authors(
                under: #"<div class="byline">Posted by<a href="/author/damien-walter">Damien Walter</a></div>"#),
            ["Damien Walter"])
    }
}
