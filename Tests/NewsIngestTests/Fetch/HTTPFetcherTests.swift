import TestSupport
import XCTest

@testable import NewsIngest

final class HTTPFetcherTests: XCTestCase {
    private static let server = Locked<TestServer?>(nil)

    private var server: TestServer {
        get throws {
            try Self.server.withLock { current in
                if let current { return current }
                let started = try TestServer()
                current = started
                return started
            }
        }
    }

    override class func tearDown() {
        server.withLock { $0?.stop(); $0 = nil }
    }

    private func options(_ change: (inout Configuration.FetchSettings) -> Void = { _ in }) -> FetchOptions {
        var settings = Configuration.FetchSettings()
        settings.connectTimeoutSeconds = 5
        settings.timeoutSeconds = 10
        settings.allowAddresses = ["127.0.0.1"]  // the loopback test server
        settings.retryBaseDelaySeconds = 0.05
        change(&settings)
        return FetchOptions(settings)
    }

    private func fetch(_ path: String, _ change: (inout Configuration.FetchSettings) -> Void = { _ in }) throws -> Result<FetchResponse, FetchError> {
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
        let first = try fetch("/rss.xml").get()
        let fetcher = try HTTPFetcher(options: options())
        let second = try fetcher.fetch(FetchRequest(url: try server.url("/rss.xml"), lastModified: first.lastModified)).get()
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
        XCTAssertThrowsError(try fetch("/__test/slow?bytes=100&delay=0.5") {
            $0.timeoutSeconds = 30
            $0.lowSpeedLimitBytes = 1000
            $0.lowSpeedTimeSeconds = 2
        }.get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .timeout, "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 25, "cut by the low-speed limit, not the total timeout")
    }

    func testTotalTimeout() throws {
        XCTAssertThrowsError(try fetch("/__test/slow?bytes=100&delay=0.2") { $0.timeoutSeconds = 1; $0.lowSpeedLimitBytes = 0 }.get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .timeout)
        }
    }

    func testHTTPErrorsAndBadURLs() throws {
        XCTAssertThrowsError(try fetch("/__test/status/503").get()) { error in
            XCTAssertEqual((error as? FetchError)?.code, .httpStatus)
            XCTAssertTrue("\(error)".contains("503"))
        }
        XCTAssertThrowsError(try fetch("/missing.html").get()) { XCTAssertEqual(($0 as? FetchError)?.code, .httpStatus) }
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
        fetcher.run(next: { requests.next().map { FetchRequest(url: server.url($0)) } }) { _, result in
            if case .success = result { ok += 1 } else { failed += 1 }
        }
        XCTAssertEqual(ok, paths.count * 6)
        XCTAssertEqual(failed, 0)
    }

    private func requestCount(_ path: String) throws -> Int {
        let counts = try fetch("/__test/count").get()
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
        let fetcher = try HTTPFetcher(options: options {
            $0.maxRetries = 0
            $0.hostFailureLimit = 2
            $0.concurrency = 1
        })
        let tag = UUID().uuidString
        var pending = (1...4).map { server.url("/__test/status/500?n=\($0)&case=\(tag)") }.makeIterator()
        var codes: [FetchError.Code] = []
        fetcher.run(next: { pending.next().map { FetchRequest(url: $0) } }) { _, result in
            if case .failure(let error) = result { codes.append(error.code) }
        }
        XCTAssertEqual(codes, [.httpStatus, .httpStatus, .hostBackedOff, .hostBackedOff])
        XCTAssertEqual(try requestCount("/__test/status/500?n=3&case=\(tag)"), 0, "never sent")
    }

    func testSSRFGuardRefusesNonPublicAddressesByDefault() throws {
        let server = try self.server
        let strict = try HTTPFetcher(options: options { $0.allowAddresses = [] })
        for url in [server.url("/en/rail-line-reopens.html"), "http://2130706433:\(server.port)/", "http://0x7f.1:\(server.port)/",
            "http://[::ffff:127.0.0.1]:\(server.port)/", "http://localhost:\(server.port)/"]
        {
            XCTAssertThrowsError(try strict.fetch(FetchRequest(url: url)).get(), url) { error in
                XCTAssertEqual((error as? FetchError)?.code, .blockedAddress, "\(url): \(error)")
            }
        }
        // Allowed loopback, but a redirect to the cloud metadata address is refused.
        XCTAssertThrowsError(try fetch("/__test/redirect-to?url=http://169.254.169.254/latest/meta-data/").get()) { error in
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

final class AddressPolicyTests: XCTestCase {
    func testNonPublicAddressesAreRecognised() {
        let refused = ["127.0.0.1", "10.0.0.5", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1",
            "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe"]
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
