import TestSupport
import XCTest

@testable import NewsIngest

final class HTTPFetcherTests: XCTestCase {
    private static let shared = SharedTestServer()

    private var server: TestServer { get throws { try Self.shared.get() } }

    override class func tearDown() { shared.stop() }

    private func options(_ change: (inout Configuration.FetchSettings) -> Void = { _ in }) -> FetchOptions {
        var settings = Configuration.FetchSettings()
        settings.connectTimeoutSeconds = 5
        settings.timeoutSeconds = 10
        settings.allowAddresses = ["127.0.0.1"]  // the loopback test server
        settings.perHostDelaySeconds = 0  // one origin serves every test page
        settings.perHostConcurrency = 16
        settings.retryBaseDelaySeconds = 0.05
        change(&settings)
        return FetchOptions(settings)
    }

    private func fetch(_ path: String, _ change: (inout Configuration.FetchSettings) -> Void = { _ in }) throws
        -> Result<FetchResponse, FetchError>
    {
        try HTTPFetcher(options: options(change)).fetch(FetchRequest(url: try server.url(path)))
    }

    func testFetchesAPage() throws {
        let response = try fetch("/en/flood-barrier-approved.html").get()
        XCTAssertEqual(response.status, 200)
        XCTAssertTrue(response.contentType?.hasPrefix("text/html") ?? false)
        XCTAssertNotNil(response.lastModified)
        XCTAssertTrue(String(decoding: response.body, as: UTF8.self).contains("flood barrier"))
    }

    func testConditionalGetAnswers304() throws {
        let fetcher = try HTTPFetcher(options: options())
        let first = try fetcher.fetch(FetchRequest(url: try server.url("/rss.xml"), kind: .document)).get()
        let second = try fetcher.fetch(
            FetchRequest(url: try server.url("/rss.xml"), lastModified: first.lastModified, kind: .document)
        ).get()
        XCTAssertEqual(second.status, 304)
        XCTAssertTrue(second.notModified)
        XCTAssertTrue(second.body.isEmpty)
    }

    func testFollowsRedirectsUpToTheLimit() throws {
        let ok = try fetch("/__test/redirect/3").get()
        XCTAssertTrue(ok.finalURL.hasSuffix("/__test/redirect/0"))
        XCTAssertEqual(ok.status, 200)
        XCTAssertThrowsError(try fetch("/__test/redirect/6").get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .tooManyRedirects)
        }
        XCTAssertThrowsError(try fetch("/__test/redirect-loop").get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .tooManyRedirects)
        }
    }

    func testRedirectToAnotherSchemeIsRefused() throws {
        XCTAssertThrowsError(try fetch("/__test/redirect-to?url=file:///etc/passwd").get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .unsupportedScheme, "\(error)")
        }
    }

    func testDecodesGzip() throws {
        let response = try fetch("/__test/gzip-article").get()
        XCTAssertTrue(String(decoding: response.body, as: UTF8.self).contains("first paragraph"))
    }

    func testBodyLimitCountsDecodedBytes() throws {
        XCTAssertThrowsError(try fetch("/__test/gzip-bomb?mb=64") { $0.maxBodyBytes = 1 << 20 }.get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .bodyTooLarge)
        }
        XCTAssertThrowsError(try fetch("/__test/big?bytes=300000") { $0.maxBodyBytes = 100_000 }.get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .bodyTooLarge)
        }
        XCTAssertEqual(try fetch("/__test/big?bytes=90000") { $0.maxBodyBytes = 100_000 }.get().body.count, 90000)
    }

    func testSlowTrickleIsCutOff() throws {
        let start = Date()
        XCTAssertThrowsError(
            try fetch("/__test/slow?bytes=100&delay=0.5") {
                $0.timeoutSeconds = 30
                $0.lowSpeedLimitBytes = 1000
                $0.lowSpeedTimeSeconds = 2
            }.get()
        ) { error in
            XCTAssertEqual((error as? FetchError)?.code, .timeout, "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 25, "cut by the low-speed limit, not the total timeout")
    }

    func testTotalTimeout() throws {
        XCTAssertThrowsError(
            try fetch("/__test/slow?bytes=100&delay=0.2") {
                $0.timeoutSeconds = 1
                $0.lowSpeedLimitBytes = 0
            }.get()
        ) { error in
            XCTAssertEqual((error as? FetchError)?.code, .timeout)
        }
    }

    func testHTTPErrorsAndBadURLs() throws {
        XCTAssertThrowsError(try fetch("/__test/status/503").get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .httpStatus)
            XCTAssertTrue("\(error)".contains("503"))
        }
        XCTAssertThrowsError(try fetch("/missing.html").get()) {
            XCTAssertEqual(($0 as? FetchError)?.code, .httpStatus)
        }
        let fetcher = try HTTPFetcher(options: options())
        for url in ["not a url", "ftp://127.0.0.1/x", "file:///etc/passwd", "http://"] {
            XCTAssertThrowsError(try fetcher.fetch(FetchRequest(url: url)).get(), url)
        }
        // Connection refused: a port nobody listens on.
        XCTAssertThrowsError(try fetcher.fetch(FetchRequest(url: "http://127.0.0.1:1/")).get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .network)
        }
    }

    func testManyTransfersInFlightAllComplete() throws {
        let paths = try DemoArticle.all().keys.sorted()
        var requests = (0..<6).flatMap { round in paths.map { "/\($0).html?round=\(round)" } }.makeIterator()
        let fetcher = try HTTPFetcher(options: options { $0.concurrency = 16 })
        let server = try self.server
        var ok = 0
        var failed = 0
        fetcher.run(
            next: { requests.next().map { FetchRequest(url: server.url($0)) } },
            completion: { _, result in
                if case .success = result { ok += 1 } else { failed += 1 }
            })
        XCTAssertEqual(ok, paths.count * 6)
        XCTAssertEqual(failed, 0)
    }

    private func requestCount(_ path: String) throws -> Int {
        let counts = try HTTPFetcher(options: options()).fetch(
            FetchRequest(url: try server.url("/__test/count"), kind: .document)
        ).get()
        let object = try JSONSerialization.jsonObject(with: Data(counts.body)) as? [String: Int]
        return object?[path] ?? 0
    }

    func testRetriesServerErrorsThenSucceeds() throws {
        let path = "/__test/flaky?case=\(UUID().uuidString)"
        let response = try fetch(path).get()
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(try requestCount(path), 2, "one 500, then the retry")
    }

    func testHonoursRetryAfter() throws {
        let path = "/__test/retry-after?seconds=1&times=1&case=\(UUID().uuidString)"
        let start = Date()
        let response = try fetch(path).get()
        XCTAssertEqual(response.status, 200)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.9, "waited as the server asked")
        XCTAssertEqual(try requestCount(path), 2)
    }

    func testGivesUpAfterMaxRetries() throws {
        let path = "/__test/status/503?case=\(UUID().uuidString)"
        XCTAssertThrowsError(try fetch(path) { $0.maxRetries = 2 }.get()) { error in
            XCTAssertEqual((error as? FetchError)?.status, 503)
        }
        XCTAssertEqual(try requestCount(path), 3)
        let notFound = "/missing-\(UUID().uuidString).html"
        XCTAssertThrowsError(try fetch(notFound).get())
        XCTAssertEqual(try requestCount(notFound), 1, "a 404 is not retried")
    }

    func testHostThatKeepsFailingIsBackedOff() throws {
        let server = try self.server
        let fetcher = try HTTPFetcher(
            options: options {
                $0.maxRetries = 0
                $0.hostFailureLimit = 2
                $0.concurrency = 1
            })
        let tag = UUID().uuidString
        var pending = (1...4).map { server.url("/__test/status/500?n=\($0)&case=\(tag)") }.makeIterator()
        var codes: [FetchError.Code] = []
        fetcher.run(
            next: { pending.next().map { FetchRequest(url: $0) } },
            completion: { _, result in
                if case .failure(let error) = result { codes.append(error.code) }
            })
        XCTAssertEqual(codes, [.httpStatus, .httpStatus, .hostBackedOff, .hostBackedOff])
        XCTAssertEqual(try requestCount("/__test/status/500?n=3&case=\(tag)"), 0, "never sent")
    }

    func testSSRFGuardRefusesNonPublicAddressesByDefault() throws {
        let server = try self.server
        let strict = try HTTPFetcher(options: options { $0.allowAddresses = [] })
        for url in [
            server.url("/en/rail-line-reopens.html"), "http://2130706433:\(server.port)/",
            "http://0x7f.1:\(server.port)/",
            "http://[::ffff:127.0.0.1]:\(server.port)/", "http://localhost:\(server.port)/",
        ] {
            XCTAssertThrowsError(try strict.fetch(FetchRequest(url: url)).get(), url) { error in
                XCTAssertEqual((error as? FetchError)?.code, .blockedAddress, "\(url): \(error)")
            }
        }
        // Allowed loopback, but a redirect to the cloud metadata address is refused.
        XCTAssertThrowsError(try fetch("/__test/redirect-to?url=http://169.254.169.254/latest/meta-data/").get()) {
            error in
            XCTAssertEqual((error as? FetchError)?.code, .blockedAddress, "\(error)")
            XCTAssertTrue("\(error)".contains("169.254.169.254"), "\(error)")
        }
        XCTAssertThrowsError(try fetch("/__test/redirect-to?url=http://10.1.2.3/").get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .blockedAddress)
        }
    }

    func testCancellationEndsTransfersInFlight() throws {
        let fetcher = try HTTPFetcher(options: options())
        let server = try self.server
        var pending = ["/__test/slow?bytes=50&delay=0.5", "/__test/slow?bytes=50&delay=0.5"].makeIterator()
        let start = Date()
        var outcomes: [FetchError.Code] = []
        fetcher.run(
            next: { pending.next().map { FetchRequest(url: server.url($0)) } },
            isCancelled: { Date().timeIntervalSince(start) > 1 },
            completion: { _, result in if case .failure(let e) = result { outcomes.append(e.code) } })
        XCTAssertEqual(outcomes, [.cancelled, .cancelled])
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }
}

extension TestServer {
    /// A JSON endpoint of the server (/__test/log, /__test/stats), decoded.
    func json(_ path: String) throws -> Any {
        var settings = Configuration.FetchSettings()
        settings.allowAddresses = ["127.0.0.1"]
        settings.respectRobots = false
        let response = try HTTPFetcher(options: FetchOptions(settings, environment: [:])).fetch(
            FetchRequest(url: url(path), kind: .document)
        ).get()
        return try JSONSerialization.jsonObject(with: Data(response.body))
    }
}

final class PoliteFetchingTests: XCTestCase {
    private static let shared = SharedTestServer()

    private var server: TestServer { get throws { try Self.shared.get() } }

    override class func tearDown() { shared.stop() }

    private func options(_ change: (inout Configuration.FetchSettings) -> Void = { _ in }) -> FetchOptions {
        var settings = Configuration.FetchSettings()
        settings.allowAddresses = ["127.0.0.1"]
        settings.perHostDelaySeconds = 0
        settings.retryBaseDelaySeconds = 0.05
        change(&settings)
        return FetchOptions(settings, environment: [:])
    }

    private func runAll(_ urls: [String], _ fetcher: HTTPFetcher) -> [String: Result<FetchResponse, FetchError>] {
        var pending = urls.makeIterator()
        var results: [String: Result<FetchResponse, FetchError>] = [:]
        fetcher.run(
            next: { pending.next().map { FetchRequest(url: $0) } },
            completion: { request, result in
                results[request.url] = result
            })
        return results
    }

    private func requests(host: String) throws -> [(time: Double, path: String)] {
        let log = try server.json("/__test/log") as? [[Any]] ?? []
        return log.compactMap { entry in
            guard entry.count >= 3, let time = entry[0] as? Double, let h = entry[1] as? String,
                let path = entry[2] as? String,
                h == host + ".localhost"
            else { return nil }
            return (time, path)
        }
    }

    func testRobotsDisallowedURLsAreSkippedAndNeverRequested() throws {
        let server = try self.server
        let host = "robots-private"
        let state = try StateStore(directory: Repository.temporaryDirectory("robots-state"))
        let fetcher = try HTTPFetcher(options: options(), robotsCache: state)
        let allowed = server.url("/__test/gzip-article?k=1", host: host)
        let refused = server.url("/private/secret.html", host: host)
        let results = runAll([allowed, refused], fetcher)
        XCTAssertNoThrow(try results[allowed]!.get())
        XCTAssertThrowsError(try results[refused]!.get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .robotsDisallowed)
            XCTAssertTrue((error as? FetchError)?.isSkip ?? false)
        }
        var paths = try requests(host: host).map(\.path)
        XCTAssertEqual(paths.filter { $0 == "/robots.txt" }.count, 1)
        XCTAssertFalse(paths.contains("/private/secret.html"))
        // Cached in state: a new fetcher (a new run) does not ask again.
        XCTAssertNotNil(state.cachedRobots(origin: HostQueues.origin(of: allowed)!, maxAge: 3600))
        let again = try HTTPFetcher(options: options(), robotsCache: state)
        _ = runAll([server.url("/__test/gzip-article?k=2", host: host)], again)
        paths = try requests(host: host).map(\.path)
        XCTAssertEqual(paths.filter { $0 == "/robots.txt" }.count, 1)
    }

    func testOurOwnGroupAppliesAnd5xxDisallowsEverything() throws {
        let server = try self.server
        let fetcher = try HTTPFetcher(options: options())
        let ours = server.url("/__test/gzip-article", host: "robots-ours")
        let unavailable = server.url("/__test/gzip-article", host: "robots-5xx")
        let results = runAll([ours, unavailable], fetcher)
        XCTAssertThrowsError(try results[ours]!.get()) { XCTAssertEqual(($0 as? FetchError)?.code, .robotsDisallowed) }
        // 5xx: nothing is fetched there this run, and it is a failure (tried again next run), not a skip.
        XCTAssertThrowsError(try results[unavailable]!.get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .robotsUnreachable)
            XCTAssertFalse((error as? FetchError)?.isSkip ?? true)
        }
        XCTAssertFalse(try requests(host: "robots-5xx").contains { $0.path.contains("gzip-article") })
        // Without robots.txt (404 here) and past the 500 KiB the parser reads, all is allowed.
        let missing = server.url("/__test/gzip-article", host: "robots-none")
        let big = server.url("/__test/gzip-article", host: "robots-big")
        let more = runAll([missing, big], fetcher)
        XCTAssertNoThrow(try more[missing]!.get())
        XCTAssertNoThrow(try more[big]!.get())
        // Switched off, robots.txt is not even asked for.
        let ignoring = try HTTPFetcher(options: options { $0.respectRobots = false })
        let direct = server.url("/__test/gzip-article?off=1", host: "robots-ours")
        XCTAssertNoThrow(try runAll([direct], ignoring)[direct]!.get())
    }

    func testPerHostConcurrencyLimit() throws {
        let server = try self.server
        let fetcher = try HTTPFetcher(
            options: options {
                $0.concurrency = 16
                $0.perHostConcurrency = 2
            })
        let urls =
            (0..<6).map { server.url("/__test/hold?ms=300&i=\($0)", host: "limit-a") }
            + (0..<6).map { server.url("/__test/hold?ms=300&i=\($0)", host: "limit-b") }
        let results = runAll(urls, fetcher)
        XCTAssertEqual(results.values.filter { (try? $0.get()) != nil }.count, 12)
        let stats = try server.json("/__test/stats") as? [String: [String: Int]]
        XCTAssertEqual(stats?["max_in_flight"]?["limit-a.localhost"], 2)
        XCTAssertEqual(stats?["max_in_flight"]?["limit-b.localhost"], 2)
    }

    func testStartsAtOneHostKeepTheCrawlDelayApart() throws {
        let server = try self.server
        // Our own delay is 0.1 s; robots-private asks for 0.4 s, which wins.
        let fetcher = try HTTPFetcher(options: options { $0.perHostDelaySeconds = 0.1 })
        let urls = (0..<4).map { server.url("/__test/gzip-article?delay=\($0)", host: "robots-private") }
        _ = runAll(urls, fetcher)
        let times = try requests(host: "robots-private").filter { $0.path.contains("delay=") }.map(\.time)
        XCTAssertEqual(times.count, 4)
        for (earlier, later) in zip(times, times.dropFirst()) {
            XCTAssertGreaterThanOrEqual(later - earlier, 0.35, "starts closer than the Crawl-delay")
        }
    }

    func testNonHTMLArticlesAreSkippedButDocumentsAreNot() throws {
        let server = try self.server
        let fetcher = try HTTPFetcher(options: options())
        let pdf = server.url("/__test/typed?type=application/pdf&bytes=2000000")
        XCTAssertThrowsError(try fetcher.fetch(FetchRequest(url: pdf)).get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .notHTML)
            XCTAssertTrue("\(error)".contains("application/pdf"))
        }
        let xhtml = server.url("/__test/typed?type=application/xhtml%2Bxml;%20charset=utf-8&bytes=100")
        XCTAssertNoThrow(try fetcher.fetch(FetchRequest(url: xhtml)).get())
        let feed = server.url("/__test/typed?type=application/rss%2Bxml&bytes=100")
        XCTAssertNoThrow(try fetcher.fetch(FetchRequest(url: feed, kind: .document)).get())
        // An error page keeps its HTTP error, whatever its type.
        XCTAssertThrowsError(try fetcher.fetch(FetchRequest(url: server.url("/__test/status/404"))).get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .httpStatus)
        }
    }

    func testProxyFromTheEnvironment() throws {
        let server = try self.server
        let environment = ["http_proxy": server.baseURL, "no_proxy": "direct.localhost"]
        var settings = Configuration.FetchSettings()
        settings.perHostDelaySeconds = 0
        settings.respectRobots = false
        settings.allowAddresses = []  // only the proxy itself may be on loopback
        let fetcher = try HTTPFetcher(options: FetchOptions(settings, environment: environment))
        // A public name the machine cannot resolve: the proxy does, and it answers.
        let response = try fetcher.fetch(FetchRequest(url: "http://news.example.test/__test/whoami", kind: .document))
            .get()
        XCTAssertEqual(response.headers["via"], "1.1 newsingest-test-proxy")
        let who = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        XCTAssertEqual(who?["host"] as? String, "news.example.test")
        // Through the proxy, non-public targets are still refused, before the proxy is asked.
        for url in [
            "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data/", "http://2130706433/",
            // Names that mean loopback and address spellings were forwarded to the proxy.
            "http://foo.localhost/", "http://localhost./", "http://LOCALHOST../", "http://127.0.0.1./",
            "http://[::127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://0x7f.1/", "http://017700000001/",
        ] {
            XCTAssertThrowsError(try fetcher.fetch(FetchRequest(url: url)).get(), url) { error in
                XCTAssertEqual((error as? FetchError)?.code, .blockedAddress, "\(url): \(error)")
            }
        }
        // ...and after a redirect the proxy announces.
        let redirect = "http://news.example.test/__test/redirect-to?url=http://10.9.8.7/"
        XCTAssertThrowsError(try fetcher.fetch(FetchRequest(url: redirect)).get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .blockedAddress, "\(error)")
        }
        let hops = try fetcher.fetch(FetchRequest(url: "http://news.example.test/__test/redirect/2")).get()
        XCTAssertEqual(hops.status, 200)
        // no_proxy goes direct, where the loopback address is refused (it is not allow-listed).
        XCTAssertThrowsError(try fetcher.fetch(FetchRequest(url: server.url("/", host: "direct"))).get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .blockedAddress)
        }
    }

    func testProxySettingsFollowCurlConventions() {
        let env = [
            "http_proxy": "http://p:3128", "HTTPS_PROXY": "http://ps:3128",
            "NO_PROXY": ".internal.test, 10.0.0.1,cdn.test:443",
        ]
        let proxy = ProxySettings(environment: env)
        XCTAssertEqual(proxy.proxy(for: "http://a.test/"), "http://p:3128")
        XCTAssertEqual(proxy.proxy(for: "https://a.test/"), "http://ps:3128")
        XCTAssertNil(proxy.proxy(for: "http://x.internal.test/"))
        XCTAssertNil(proxy.proxy(for: "http://internal.test/"))
        XCTAssertNil(proxy.proxy(for: "http://10.0.0.1/"))
        XCTAssertNil(proxy.proxy(for: "https://cdn.test/"))
        XCTAssertNil(
            ProxySettings(environment: ["HTTP_PROXY": "http://evil:1"]).proxy(for: "http://a.test/"),
            "uppercase HTTP_PROXY is ignored")
        XCTAssertEqual(
            ProxySettings(environment: ["ALL_PROXY": "socks5h://s:1080"]).proxy(for: "https://a.test/"),
            "socks5h://s:1080")
        XCTAssertNil(
            ProxySettings(environment: ["http_proxy": "http://p:1", "no_proxy": "*"]).proxy(for: "http://a.test/"))
    }

    func testHTTP2IsAvailableAndVersionIsReported() throws {
        XCTAssertTrue(HTTPFetcher.supportsHTTP2, "Debian's libcurl is built with nghttp2")
        let response = try HTTPFetcher(options: options()).fetch(
            FetchRequest(url: try server.url("/__test/gzip-article"))
        ).get()
        XCTAssertEqual(response.httpVersion, "1.1", "the test server speaks HTTP/1.1 only")
    }
}

final class AddressPolicyTests: XCTestCase {
    func testNonPublicAddressesAreRecognised() {
        let refused = [
            "127.0.0.1", "10.0.0.5", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fd12:3456::1", "fe80::1", "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe",
        ]
        let policy = AddressPolicy(allow: [])!
        for text in refused {
            let address = IPAddress(text)!
            XCTAssertNotNil(policy.refusal(for: address), text)
        }
        for text in ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"] {
            XCTAssertNil(policy.refusal(for: IPAddress(text)!), text)
        }
    }

    func testAllowListOpensNetworks() {
        let policy = AddressPolicy(allow: ["127.0.0.1", "10.0.0.0/8", "fd00::/8"])!
        XCTAssertNil(policy.refusal(for: IPAddress("127.0.0.1")!))
        XCTAssertNotNil(policy.refusal(for: IPAddress("127.0.0.2")!))
        XCTAssertNil(policy.refusal(for: IPAddress("10.200.3.4")!))
        XCTAssertNil(policy.refusal(for: IPAddress("fd00::7")!))
        XCTAssertNotNil(policy.refusal(for: IPAddress("192.168.0.1")!))
        XCTAssertNil(AddressPolicy(allow: ["localhost"]))
        XCTAssertNil(AddressPolicy(allow: ["10.0.0.0/33"]))
        XCTAssertEqual(IPAddress("::ffff:10.1.2.3")?.description, "10.1.2.3")
    }
}
