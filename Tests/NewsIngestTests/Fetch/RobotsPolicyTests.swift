import XCTest

@testable import NewsIngest

final class RobotsPolicyTests: XCTestCase {
    private func policy(_ text: String, agent: String = "newsingest") -> RobotsPolicy {
        RobotsPolicy(parsing: Array(text.utf8), agent: agent)
    }

    func testProductTokenOfOurUserAgent() {
        XCTAssertEqual(
            RobotsPolicy.productToken(of: "NewsIngest/0.1 (+https://github.com/newsingest/newsingest)"), "newsingest")
        XCTAssertEqual(RobotsPolicy.productToken(of: "Googlebot-News"), "googlebot-news")
    }

    func testOurGroupWinsOverStarAndIsCaseInsensitive() {
        let robots = policy(
            """
            User-agent: *
            Disallow: /

            User-agent: NEWSINGEST/2.0
            Disallow: /private
            """)
        XCTAssertTrue(robots.allows("https://x.test/news/a.html"))
        XCTAssertFalse(robots.allows("https://x.test/private/a.html"))
        // Another agent gets the star group.
        XCTAssertFalse(
            policy("User-agent: *\nDisallow: /\n\nUser-agent: newsingest\nAllow: /\n", agent: "otherbot").allows("/a"))
    }

    func testGroupsForOneAgentAreMergedAndSharedGroupsApply() {
        let robots = policy(
            """
            User-agent: a
            User-agent: newsingest
            Disallow: /one

            User-agent: b
            Disallow: /b-only

            User-agent: newsingest
            Disallow: /two
            """)
        XCTAssertFalse(robots.allows("/one/x"))
        XCTAssertFalse(robots.allows("/two"))
        XCTAssertTrue(robots.allows("/b-only"))
    }

    func testLongestMatchWinsAndAllowWinsTies() {
        let robots = policy(
            """
            User-agent: *
            Disallow: /news/
            Allow: /news/public/
            Disallow: /page
            Allow: /page
            """)
        XCTAssertFalse(robots.allows("/news/secret.html"))
        XCTAssertTrue(robots.allows("/news/public/a.html"))
        XCTAssertTrue(robots.allows("/page"), "equal length: allow wins")
    }

    func testWildcardsAndEndAnchor() {
        let robots = policy(
            """
            User-agent: *
            Disallow: /*.pdf$
            Disallow: /*?print=
            Disallow: /archive*/old
            """)
        XCTAssertFalse(robots.allows("https://x.test/files/report.pdf"))
        XCTAssertTrue(robots.allows("https://x.test/files/report.pdf.html"))
        XCTAssertFalse(robots.allows("https://x.test/a/story?print=1"))
        XCTAssertTrue(robots.allows("https://x.test/a/story?page=2"))
        XCTAssertFalse(robots.allows("/archive-2020/old/x"))
        XCTAssertTrue(robots.allows("/archive-2020/new/x"))
    }

    func testHostileWildcardPatternsStayFast() {
        let pattern = String(repeating: "*a", count: 200) + "b"
        let robots = policy("User-agent: *\nDisallow: /\(pattern)\n")
        XCTAssertTrue(robots.allows("/" + String(repeating: "a", count: 5000)))
    }

    func testPercentEncodingIsNormalised() {
        let robots = policy("User-agent: *\nDisallow: /ä-news/\nDisallow: /%7euser/\n")
        XCTAssertFalse(robots.allows("https://x.test/%C3%A4-news/a"))
        XCTAssertFalse(robots.allows("https://x.test/%c3%a4-news/a"))
        XCTAssertFalse(robots.allows("https://x.test/~user/page"))
    }

    func testEmptyDisallowCommentsAndNoGroupAllowEverything() {
        XCTAssertTrue(policy("User-agent: *\nDisallow:\n").allows("/anything"))
        XCTAssertTrue(policy("# only a comment\n").allows("/anything"))
        XCTAssertTrue(policy("Disallow: /\n").allows("/anything"), "rules outside a group are ignored")
        XCTAssertTrue(policy("User-agent: otherbot\nDisallow: /\n").allows("/anything"))
        XCTAssertTrue(RobotsPolicy.disallowAll.allows("/robots.txt"), "robots.txt itself is always allowed")
        XCTAssertFalse(RobotsPolicy.disallowAll.allows("/a"))
    }

    func testCrawlDelayAndSitemaps() {
        let robots = policy(
            """
            Sitemap: https://x.test/sitemap.xml
            User-agent: *
            Crawl-delay: 2.5
            Disallow: /tmp # scratch
            Sitemap: https://x.test/news-sitemap.xml
            """)
        XCTAssertEqual(robots.crawlDelay, 2.5)
        XCTAssertEqual(robots.sitemaps, ["https://x.test/sitemap.xml", "https://x.test/news-sitemap.xml"])
        XCTAssertFalse(robots.allows("/tmp/x"))
    }

    func testOnlyTheFirst500KiBAreRead() {
        let text = "#" + String(repeating: "x", count: 600 * 1024) + "\nUser-agent: *\nDisallow: /\n"
        XCTAssertTrue(policy(text).allows("/a"))
    }
}
