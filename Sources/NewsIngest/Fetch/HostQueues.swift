import Foundation

/// One request on its way through the fetcher: where it is now (after manual redirects) and
/// how many tries it has had.
struct FetchJob {
    var request: FetchRequest
    /// The URL this try fetches: the request's, or where a followed redirect led.
    var url: String
    var attempt = 0
    var redirects = 0
    /// Not before this moment (a retry waiting out its backoff).
    var notBefore: Date?

    init(request: FetchRequest) {
        self.request = request
        self.url = request.url
    }
}

/// Politeness bookkeeping per origin (scheme, host and port): a waiting line, how many
/// transfers are in flight, when the next one may start, and the origin's robots.txt.
///
/// Pure logic over an injected clock, so the politeness rules are tested without timing.
struct HostQueues {
    enum RobotsState {
        /// Not asked yet.
        case unknown
        /// Its robots.txt transfer is in flight.
        case fetching
        case known(RobotsPolicy)
        /// Its robots.txt answered 5xx or could not be reached: nothing is fetched there.
        case unreachable(FetchError)
    }

    /// What the fetcher should do next.
    enum Action {
        /// Start this job now.
        case start(FetchJob, origin: String)
        /// Fetch this origin's robots.txt before anything else there.
        case fetchRobots(origin: String)
        /// Answer this job without fetching: robots.txt disallows it.
        case disallowed(FetchJob)
        /// Answer this job without fetching: its origin's robots.txt could not be read.
        case robotsUnreachable(FetchJob, FetchError)
    }

    private struct Host {
        var waiting: [FetchJob] = []
        var head = 0
        var inFlight = 0
        var nextStart = Date.distantPast
        var robots: RobotsState

        var hasWaiting: Bool { head < waiting.count }

        mutating func popFirst() -> FetchJob {
            let job = waiting[head]
            head += 1
            if head > 64, head * 2 > waiting.count {
                waiting.removeFirst(head)
                head = 0
            }
            return job
        }
    }

    let perHostLimit: Int
    let minimumDelay: Double
    let maxCrawlDelay: Double
    let robotsEnabled: Bool
    private var hosts: [String: Host] = [:]
    /// Origins in first-seen order, for round-robin fairness.
    private var order: [String] = []
    private var cursor = 0
    private(set) var waitingCount = 0

    init(perHostLimit: Int, minimumDelay: Double, maxCrawlDelay: Double, robotsEnabled: Bool) {
        self.perHostLimit = max(1, perHostLimit)
        self.minimumDelay = max(0, minimumDelay)
        self.maxCrawlDelay = max(0, maxCrawlDelay)
        self.robotsEnabled = robotsEnabled
    }

    /// "https://Example.com:443/a" gives "https://example.com:443"; nil for a URL without a host.
    static func origin(of url: String) -> String? {
        guard let parsed = WebURL(url) else { return nil }
        return "\(parsed.scheme)://\(parsed.host.lowercased()):\(parsed.effectivePort)"
    }

    /// Queues a job behind the others of its origin (a retry goes to the front).
    mutating func enqueue(_ job: FetchJob, origin: String, front: Bool = false) {
        if hosts[origin] == nil {
            hosts[origin] = Host(robots: robotsEnabled ? .unknown : .known(.allowAll))
            order.append(origin)
        }
        if front {
            hosts[origin]!.waiting.insert(job, at: hosts[origin]!.head)
        } else {
            hosts[origin]!.waiting.append(job)
        }
        waitingCount += 1
    }

    /// Every origin seen.
    var origins: [String] { order }

    mutating func setRobots(_ state: RobotsState, for origin: String) {
        if hosts[origin] == nil {
            hosts[origin] = Host(robots: state)
            order.append(origin)
        } else {
            hosts[origin]!.robots = state
        }
    }

    /// The delay between two starts at an origin: ours, or its Crawl-delay when longer (capped).
    func delay(for origin: String) -> Double {
        guard case .known(let policy) = hosts[origin]?.robots, let crawlDelay = policy.crawlDelay else {
            return minimumDelay
        }
        return max(minimumDelay, min(crawlDelay, maxCrawlDelay))
    }

    /// Removes and returns every waiting job of an origin (a host that is backed off).
    mutating func drain(_ origin: String) -> [FetchJob] {
        guard var host = hosts[origin], host.hasWaiting else { return [] }
        let jobs = Array(host.waiting[host.head...])
        host.waiting.removeAll()
        host.head = 0
        hosts[origin] = host
        waitingCount -= jobs.count
        return jobs
    }

    /// The next thing to do at `now`, taking origins in turn; nil when nothing may start yet.
    /// `slotFree` says whether the global concurrency limit leaves room for one more transfer.
    mutating func nextAction(now: Date, slotFree: Bool) -> Action? {
        guard !order.isEmpty else { return nil }
        for step in 0..<order.count {
            let index = (cursor + step) % order.count
            let origin = order[index]
            guard var host = hosts[origin], host.hasWaiting else { continue }
            switch host.robots {
            case .fetching:
                continue
            case .unknown:
                guard slotFree, host.inFlight < perHostLimit else { continue }
                host.robots = .fetching
                host.inFlight += 1
                hosts[origin] = host
                cursor = (index + 1) % order.count
                return .fetchRobots(origin: origin)
            case .unreachable(let error):
                let job = host.popFirst()
                hosts[origin] = host
                waitingCount -= 1
                return .robotsUnreachable(job, error)
            case .known(let policy):
                let job = host.waiting[host.head]
                if !policy.allows(job.url) {
                    _ = host.popFirst()
                    hosts[origin] = host
                    waitingCount -= 1
                    return .disallowed(job)
                }
                guard slotFree, host.inFlight < perHostLimit, host.nextStart <= now else { continue }
                if let notBefore = job.notBefore, notBefore > now { continue }
                _ = host.popFirst()
                host.inFlight += 1
                host.nextStart = now.addingTimeInterval(delay(for: origin))
                hosts[origin] = host
                waitingCount -= 1
                cursor = (index + 1) % order.count
                return .start(job, origin: origin)
            }
        }
        return nil
    }

    /// A transfer at `origin` (a job or its robots.txt) has ended.
    mutating func finished(_ origin: String) {
        guard var host = hosts[origin] else { return }
        host.inFlight = max(0, host.inFlight - 1)
        if !host.hasWaiting, host.inFlight == 0, case .known = host.robots {
            // Keep what we learnt (robots, next start) but release the line's storage.
            host.waiting = []
            host.head = 0
        }
        hosts[origin] = host
    }

    /// The earliest moment something waiting could start, for the poll timeout.
    func nextWake(now: Date) -> Date? {
        var earliest: Date?
        for (_, host) in hosts where host.hasWaiting && host.inFlight < perHostLimit {
            var at = host.nextStart
            if let notBefore = host.waiting[host.head].notBefore, notBefore > at { at = notBefore }
            if earliest == nil || at < earliest! { earliest = at }
        }
        return earliest.map { max($0, now) }
    }
}
