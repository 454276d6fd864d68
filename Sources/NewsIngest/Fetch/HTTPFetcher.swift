import CCurl
import CShims
import Foundation

/// Where robots.txt files are remembered between runs (the state store).
public protocol RobotsCache: AnyObject, Sendable {
    /// The body of an origin's robots.txt fetched within `maxAge` seconds (nil body: the file
    /// was missing, 4xx, so everything is allowed), or nil when none is fresh.
    func cachedRobots(origin: String, maxAge: Double) -> CachedRobots?
    func storeRobots(origin: String, body: [UInt8]?)
}

/// A robots.txt from the cache.
public struct CachedRobots: Sendable, Equatable {
    /// The file's bytes, or nil when the site has none (4xx): everything is allowed.
    public var body: [UInt8]?

    public init(body: [UInt8]?) { self.body = body }
}

/// Fetches many URLs at once with libcurl's multi interface, driven from the calling thread,
/// politely: at most `concurrency` transfers in all and `perHostConcurrency` per origin, request
/// starts at one origin at least `perHostDelaySeconds` apart (longer when its robots.txt asks
/// with `Crawl-delay`), robots.txt obeyed, HTTP/2 multiplexing where the server offers it.
///
/// One thread drives every transfer: blocking easy handles on Dispatch's pool would stall at
/// a few transfers in flight. Bodies are collected in the write callback, which counts
/// *decoded* bytes, so a compressed bomb stops at `maxBodyBytes` whatever its wire size.
///
/// Not thread-safe: use one fetcher from one thread at a time.
public final class HTTPFetcher {
    private let options: FetchOptions
    private let multi: UnsafeMutableRawPointer
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]
    private let robotsCache: RobotsCache?
    private let robotsAgent: String
    /// Addresses of the configured proxies, resolved once: the SSRF guard lets them through.
    private let proxyAddresses: [IPAddress]
    /// robots.txt verdicts learnt in this fetcher's lifetime, by origin.
    private var robotsSeen: [String: RobotsPolicy] = [:]
    /// Told of every transfer that ends (robots.txt and each retry too): its HTTP status (0
    /// when none came) and the decoded body bytes received. For the run's metrics.
    public var onTransfer: ((_ status: Int, _ bytes: Int) -> Void)?

    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    public init(options: FetchOptions, robotsCache: RobotsCache? = nil) throws {
        guard Self.globalInit == CURLE_OK, let multi = curl_multi_init() else {
            throw FetchError(code: .network, url: "", detail: "libcurl could not be initialised")
        }
        do {
            try Curl.check(
                ni_curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, options.concurrency),
                "CURLMOPT_MAX_TOTAL_CONNECTIONS")
            try Curl.check(
                ni_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.perHostConcurrency),
                "CURLMOPT_MAX_HOST_CONNECTIONS")
            try Curl.check(
                ni_curl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX)), "CURLMOPT_PIPELINING")
        } catch {
            curl_multi_cleanup(multi)
            throw error
        }
        self.options = options
        self.multi = multi
        self.robotsCache = robotsCache
        robotsAgent = RobotsPolicy.productToken(of: options.userAgent)
        proxyAddresses = options.proxy.proxyHosts.flatMap(HostResolver.resolve)
    }

    deinit {
        for (handle, _) in active { Curl.tearDown(curl_multi_remove_handle(multi, handle), "curl_multi_remove_handle") }
        active.removeAll()
        curl_multi_cleanup(multi)
    }

    /// Whether the linked libcurl can speak HTTP/2.
    public static var supportsHTTP2: Bool { ni_curl_supports_http2() != 0 }

    /// Fetches the requests `next` hands out, calling `completion` on this thread as each one
    /// ends. Returns when `next` gives nil and every transfer has ended. Once `isCancelled`
    /// answers true no new transfer starts and those in flight or waiting end as `cancelled`.
    ///
    /// Requests are read ahead (up to a few thousand) so that a slow origin never holds up the
    /// others; each origin keeps its own line.
    public func run(
        next: () -> FetchRequest?,
        isCancelled: () -> Bool = { false },
        completion: (FetchRequest, Result<FetchResponse, FetchError>) -> Void
    ) {
        var queues = HostQueues(
            perHostLimit: options.perHostConcurrency, minimumDelay: options.perHostDelaySeconds,
            maxCrawlDelay: options.maxCrawlDelaySeconds, robotsEnabled: options.respectRobots)
        for (origin, policy) in robotsSeen { queues.setRobots(.known(policy), for: origin) }
        let lookahead = max(1024, options.concurrency * 64)
        var exhausted = false
        var failuresInARow: [String: Int] = [:]
        var backedOff = Set<String>()

        func fail(_ job: FetchJob, _ code: FetchError.Code, _ detail: String) {
            completion(job.request, .failure(FetchError(code: code, url: job.request.url, detail: detail)))
        }

        /// Ends every transfer in flight and every job waiting with `code`.
        func endAll(_ code: FetchError.Code, _ detail: String) {
            for (handle, transfer) in active {
                Curl.tearDown(curl_multi_remove_handle(multi, handle), "curl_multi_remove_handle")
                if transfer.purpose != .robots { fail(transfer.job, code, detail) }
            }
            active.removeAll()
            for origin in queues.origins {
                for job in queues.drain(origin) { fail(job, code, detail) }
            }
        }

        /// The multi handle itself is broken (out of memory): nothing in it can go on, and the
        /// requests not yet read end the same way rather than silently.
        func abandon(_ error: Error) {
            endAll(.network, "\(error)")
            while let request = next() { fail(FetchJob(request: request), .network, "\(error)") }
        }

        func backOff(_ origin: String) {
            backedOff.insert(origin)
            for job in queues.drain(origin) {
                fail(
                    job, .hostBackedOff,
                    "\(origin) failed \(options.hostFailureLimit) times in a row; skipped for the rest of the run")
            }
        }

        func take() {
            while !exhausted, queues.waitingCount < lookahead {
                guard let request = next() else {
                    exhausted = true
                    return
                }
                let job = FetchJob(request: request)
                guard let origin = HostQueues.origin(of: request.url) else {
                    fail(job, .invalidURL, "not an absolute URL")
                    continue
                }
                if backedOff.contains(origin) {
                    fail(
                        job, .hostBackedOff,
                        "\(origin) failed \(options.hostFailureLimit) times in a row; skipped for the rest of the run")
                    continue
                }
                queues.enqueue(job, origin: origin)
            }
        }

        func startRobots(_ origin: String) {
            if let cached = robotsCache?.cachedRobots(origin: origin, maxAge: options.robotsCacheSeconds) {
                let policy = cached.body.map { RobotsPolicy(parsing: $0, agent: robotsAgent) } ?? .allowAll
                learnRobots(policy, origin: origin, queues: &queues)
                queues.finished(origin)
                return
            }
            let job = FetchJob(request: FetchRequest(url: origin + "/robots.txt", kind: .document))
            do {
                try start(job, origin: origin, purpose: .robots)
            } catch {
                queues.setRobots(.known(.allowAll), for: origin)  // the URLs' own fetches fail the same way
                queues.finished(origin)
            }
        }

        func robotsFinished(_ transfer: Transfer, _ outcome: Transfer.Outcome) {
            let origin = transfer.origin
            queues.finished(origin)
            switch outcome {
            case .redirect(let target):
                // Proxied robots.txt redirect: follow it like any other, within the limit.
                var job = transfer.job
                job.redirects += 1
                job.url = target
                if job.redirects > options.maxRedirects {
                    learnRobots(.allowAll, origin: origin, queues: &queues)
                } else {
                    queues.setRobots(.fetching, for: origin)
                    do {
                        try start(job, origin: origin, purpose: .robots)
                    } catch {
                        queues.setRobots(.known(.allowAll), for: origin)  // the URLs' own fetches fail the same way
                    }
                }
            case .done(.success(let response)):
                robotsCache?.storeRobots(origin: origin, body: response.body)
                learnRobots(RobotsPolicy(parsing: response.body, agent: robotsAgent), origin: origin, queues: &queues)
            case .done(.failure(let error)):
                // RFC 9309: "unavailable" (4xx, or too many redirects) allows everything. The SSRF
                // guard refusing the origin is left to each URL's own fetch, which fails with the
                // same reason. "Unreachable" (5xx, network) disallows everything for this run
                // (not cached): those URLs fail, so that the next run tries them again.
                let unavailable =
                    (error.code == .httpStatus && (400..<500).contains(error.status ?? 0))
                    || error.code == .tooManyRedirects
                if unavailable {
                    robotsCache?.storeRobots(origin: origin, body: nil)
                    learnRobots(.allowAll, origin: origin, queues: &queues)
                } else if error.code == .blockedAddress {
                    queues.setRobots(.known(.allowAll), for: origin)
                } else {
                    queues.setRobots(.unreachable(error), for: origin)
                }
            }
        }

        func finished(_ transfer: Transfer, _ outcome: Transfer.Outcome) {
            let origin = transfer.origin
            queues.finished(origin)
            var job = transfer.job
            switch outcome {
            case .redirect(let target):
                job.redirects += 1
                guard job.redirects <= options.maxRedirects else {
                    fail(job, .tooManyRedirects, "more than \(options.maxRedirects) redirects")
                    return
                }
                job.url = target
                guard let next = HostQueues.origin(of: target) else {
                    fail(job, .invalidURL, "redirect to \(target) is not an absolute URL")
                    return
                }
                queues.enqueue(job, origin: next, front: true)
            case .done(.failure(let error))
            where error.isRetryable && job.attempt < options.maxRetries && !backedOff.contains(origin):
                job.notBefore = Date().addingTimeInterval(
                    retryDelay(attempt: job.attempt, retryAfter: error.retryAfter))
                job.attempt += 1
                job.url = job.request.url
                job.redirects = 0
                queues.enqueue(job, origin: HostQueues.origin(of: job.url) ?? origin, front: true)
            case .done(.failure(let error)):
                completion(job.request, .failure(error))
                if error.isRetryable {
                    failuresInARow[origin, default: 0] += 1
                    if failuresInARow[origin, default: 0] >= options.hostFailureLimit { backOff(origin) }
                }
            case .done(.success(let response)):
                failuresInARow[origin] = 0
                completion(job.request, .success(response))
            }
        }

        while true {
            if isCancelled() {
                endAll(.cancelled, "run interrupted")
                return
            }
            take()
            let now = Date()
            while let action = queues.nextAction(now: now, slotFree: active.count < options.concurrency) {
                switch action {
                case .fetchRobots(let origin):
                    startRobots(origin)
                case .disallowed(let job):
                    fail(
                        job, .robotsDisallowed,
                        "robots.txt of \(HostQueues.origin(of: job.url) ?? job.url) disallows it")
                case .robotsUnreachable(let job, let error):
                    // A dead host fails as what it is (network, timeout); a 5xx robots.txt as itself.
                    fail(
                        job, error.code == .httpStatus ? .robotsUnreachable : error.code,
                        "robots.txt could not be read, so nothing is fetched from there this run "
                            + "(\(error.code.rawValue): \(error.detail))"
                    )
                case .start(let job, let origin):
                    do {
                        try start(job, origin: origin, purpose: job.request.kind == .article ? .article : .document)
                    } catch let error as FetchError {
                        queues.finished(origin)
                        completion(job.request, .failure(error))
                    } catch {
                        queues.finished(origin)
                        fail(job, .network, "\(error)")
                    }
                }
                take()
            }
            if active.isEmpty {
                if exhausted, queues.waitingCount == 0 { return }
                let wake = queues.nextWake(now: Date()) ?? Date().addingTimeInterval(0.01)
                Thread.sleep(forTimeInterval: min(0.1, max(0.001, wake.timeIntervalSinceNow)))
                continue
            }
            var running: Int32 = 0
            do {
                try Curl.check(curl_multi_perform(multi, &running), "curl_multi_perform")
            } catch {
                abandon(error)
                return
            }
            collectFinished { transfer, outcome in
                if transfer.purpose == .robots {
                    robotsFinished(transfer, outcome)
                } else {
                    finished(transfer, outcome)
                }
            }
            if !active.isEmpty {
                var timeout = 100
                if queues.waitingCount > 0, let wake = queues.nextWake(now: Date()) {
                    timeout = max(1, min(100, Int(wake.timeIntervalSinceNow * 1000)))
                }
                var ready: Int32 = 0
                do {
                    try Curl.check(curl_multi_poll(multi, nil, 0, Int32(timeout), &ready), "curl_multi_poll")
                } catch {
                    abandon(error)
                    return
                }
            }
        }
    }

    private func learnRobots(_ policy: RobotsPolicy, origin: String, queues: inout HostQueues) {
        robotsSeen[origin] = policy
        queues.setRobots(.known(policy), for: origin)
    }

    /// Exponential backoff with ±50 % jitter, or the server's Retry-After; never above the maximum.
    func retryDelay(attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(retryAfter, options.retryMaxDelaySeconds) }
        let base = options.retryBaseDelaySeconds * pow(2, Double(attempt))
        return min(base * Double.random(in: 0.5...1.5), options.retryMaxDelaySeconds)
    }

    /// Fetches one URL and waits for it.
    public func fetch(_ request: FetchRequest) -> Result<FetchResponse, FetchError> {
        var pending: FetchRequest? = request
        var outcome: Result<FetchResponse, FetchError> = .failure(
            FetchError(code: .network, url: request.url, detail: "not fetched"))
        run(
            next: {
                defer { pending = nil }
                return pending
            }, completion: { _, result in outcome = result })
        return outcome
    }

    private func start(_ job: FetchJob, origin: String, purpose: TransferPurpose) throws {
        guard let url = WebURL(job.url) else {
            throw FetchError(code: .invalidURL, url: job.request.url, detail: "not an absolute URL")
        }
        let scheme = url.scheme
        let host = url.bareHost
        guard scheme == "http" || scheme == "https" else {
            throw FetchError(
                code: .unsupportedScheme, url: job.request.url, detail: "only http and https are fetched, not \(scheme)"
            )
        }
        let proxy = options.proxy.proxy(for: job.url)
        // Before any request, proxy or not: a name that means loopback ("localhost",
        // "*.localhost", with trailing dots) or an address literal in any spelling is judged
        // as the address it names. Through a proxy our socket check sees only the proxy, so
        // the target must be judged here; a name that does not resolve locally is left to it.
        let targets = HostResolver.spelledAddresses(host) ?? (proxy != nil ? HostResolver.resolve(host) : [])
        for address in targets {
            if let refusal = options.addressPolicy.refusal(for: address) {
                throw FetchError(
                    code: .blockedAddress, url: job.request.url, detail: "refused by the SSRF guard: \(refusal)")
            }
        }
        let transfer = try Transfer(
            job: job, origin: origin, purpose: purpose, options: options, proxy: proxy, proxyAddresses: proxyAddresses)
        let handle = transfer.handle.pointer
        try Curl.check(curl_multi_add_handle(multi, handle), "curl_multi_add_handle", url: job.request.url)
        active[handle] = transfer
    }

    private func collectFinished(_ completion: (Transfer, Transfer.Outcome) -> Void) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = ni_curl_msg_result(message)
            Curl.tearDown(curl_multi_remove_handle(multi, handle), "curl_multi_remove_handle")
            guard let transfer = active.removeValue(forKey: handle) else { continue }
            let outcome = transfer.finish(code)
            onTransfer?((try? transfer.handle.info(CURLINFO_RESPONSE_CODE)) ?? 0, transfer.body.count)
            completion(transfer, outcome)
        }
    }
}
