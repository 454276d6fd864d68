import XCTest

@testable import NewsIngest

/// Politeness rules on a fake clock: no sleeping, no timing.
final class HostQueuesTests: XCTestCase {
    private let t0 = Date(timeIntervalSince1970: 1_000_000)

    private func job(_ url: String) -> FetchJob { FetchJob(request: FetchRequest(url: url)) }

    private func startedURL(_ action: HostQueues.Action?) -> String? {
        if case .start(let job, _) = action { return job.url }
        return nil
    }

    func testOriginKeepsSchemeHostAndPort() {
        XCTAssertEqual(HostQueues.origin(of: "https://Example.COM/a?b"), "https://example.com:443")
        XCTAssertEqual(HostQueues.origin(of: "http://example.com:8080/"), "http://example.com:8080")
        XCTAssertNil(HostQueues.origin(of: "/relative"))
    }

    func testPerHostLimitAndDelay() {
        var queues = HostQueues(perHostLimit: 2, minimumDelay: 1, maxCrawlDelay: 30, robotsEnabled: false)
        for i in 0..<4 { queues.enqueue(job("https://a.test/\(i)"), origin: "https://a.test:443") }
        XCTAssertEqual(startedURL(queues.nextAction(now: t0, slotFree: true)), "https://a.test/0")
        XCTAssertNil(queues.nextAction(now: t0.addingTimeInterval(0.5), slotFree: true), "1 s between starts")
        XCTAssertEqual(startedURL(queues.nextAction(now: t0.addingTimeInterval(1), slotFree: true)), "https://a.test/1")
        XCTAssertNil(queues.nextAction(now: t0.addingTimeInterval(5), slotFree: true), "two in flight: the limit")
        queues.finished("https://a.test:443")
        XCTAssertEqual(startedURL(queues.nextAction(now: t0.addingTimeInterval(5), slotFree: true)), "https://a.test/2")
        XCTAssertEqual(queues.nextWake(now: t0.addingTimeInterval(5)), nil, "limit reached: nothing to wake for")
        queues.finished("https://a.test:443")
        XCTAssertEqual(queues.nextWake(now: t0.addingTimeInterval(5)), t0.addingTimeInterval(6))
    }

    func testOriginsTakeTurnsAndTheGlobalLimitHolds() {
        var queues = HostQueues(perHostLimit: 2, minimumDelay: 0, maxCrawlDelay: 30, robotsEnabled: false)
        for i in 0..<3 { queues.enqueue(job("https://a.test/\(i)"), origin: "a") }
        for i in 0..<3 { queues.enqueue(job("https://b.test/\(i)"), origin: "b") }
        let order = (0..<4).compactMap { _ in startedURL(queues.nextAction(now: t0, slotFree: true)) }
        XCTAssertEqual(order, ["https://a.test/0", "https://b.test/0", "https://a.test/1", "https://b.test/1"])
        queues.finished("a")
        XCTAssertNil(queues.nextAction(now: t0, slotFree: false), "no global slot")
    }

    func testRobotsFirstThenDisallowedJobsAreAnsweredWithoutStarting() {
        var queues = HostQueues(perHostLimit: 2, minimumDelay: 0, maxCrawlDelay: 30, robotsEnabled: true)
        queues.enqueue(job("https://a.test/private/1"), origin: "a")
        queues.enqueue(job("https://a.test/ok"), origin: "a")
        guard case .fetchRobots(let origin) = queues.nextAction(now: t0, slotFree: true) else {
            return XCTFail("robots first")
        }
        XCTAssertEqual(origin, "a")
        XCTAssertNil(queues.nextAction(now: t0, slotFree: true), "nothing starts while robots.txt is in flight")
        queues.finished("a")
        queues.setRobots(
            .known(
                RobotsPolicy(
                    parsing: Array("User-agent: *\nDisallow: /private/\nCrawl-delay: 3".utf8), agent: "newsingest")),
            for: "a")
        guard case .disallowed(let refused) = queues.nextAction(now: t0, slotFree: false) else {
            return XCTFail("disallowed")
        }
        XCTAssertEqual(refused.url, "https://a.test/private/1")
        XCTAssertEqual(startedURL(queues.nextAction(now: t0, slotFree: true)), "https://a.test/ok")
        XCTAssertEqual(queues.delay(for: "a"), 3, "Crawl-delay is longer than ours")
        XCTAssertEqual(queues.waitingCount, 0)
    }

    func testCrawlDelayIsCapped() {
        var queues = HostQueues(perHostLimit: 2, minimumDelay: 1, maxCrawlDelay: 10, robotsEnabled: true)
        queues.setRobots(
            .known(RobotsPolicy(parsing: Array("User-agent: *\nCrawl-delay: 86400".utf8), agent: "newsingest")),
            for: "a")
        XCTAssertEqual(queues.delay(for: "a"), 10)
        queues.setRobots(
            .known(RobotsPolicy(parsing: Array("User-agent: *\nCrawl-delay: 0.2".utf8), agent: "newsingest")), for: "b")
        XCTAssertEqual(queues.delay(for: "b"), 1, "our own minimum still holds")
    }

    func testRetryWaitsAtTheFrontAndDrainEmptiesAnOrigin() {
        var queues = HostQueues(perHostLimit: 2, minimumDelay: 0, maxCrawlDelay: 30, robotsEnabled: false)
        queues.enqueue(job("https://a.test/1"), origin: "a")
        var retry = job("https://a.test/0")
        retry.notBefore = t0.addingTimeInterval(2)
        queues.enqueue(retry, origin: "a", front: true)
        XCTAssertNil(queues.nextAction(now: t0, slotFree: true))
        XCTAssertEqual(queues.nextWake(now: t0), t0.addingTimeInterval(2))
        XCTAssertEqual(startedURL(queues.nextAction(now: t0.addingTimeInterval(2), slotFree: true)), "https://a.test/0")
        XCTAssertEqual(queues.drain("a").map(\.url), ["https://a.test/1"])
        XCTAssertEqual(queues.waitingCount, 0)
    }
}
