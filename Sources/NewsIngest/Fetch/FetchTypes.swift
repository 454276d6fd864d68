import Foundation

/// What a request fetches.
public enum FetchKind: Sendable, Equatable {
    /// An article page: only HTML or XHTML is accepted (anything else is skipped at its first byte).
    case article
    /// A feed, sitemap or home page for discovery: any content type.
    case document
}

/// A URL to fetch, with the validators from an earlier fetch for a conditional GET.
public struct FetchRequest: Sendable, Equatable {
    public var url: String
    public var etag: String?
    public var lastModified: String?
    public var kind: FetchKind

    public init(url: String, etag: String? = nil, lastModified: String? = nil, kind: FetchKind = .article) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.kind = kind
    }
}

/// A completed HTTP response (after redirects), with the body decoded from gzip/deflate.
public struct FetchResponse: Sendable {
    public var request: FetchRequest
    /// Where the last redirect led.
    public var finalURL: String
    public var status: Int
    /// Headers of the final response, names lowercased; the last value wins.
    public var headers: [String: String]
    public var body: [UInt8]
    /// The HTTP version spoken: "1.1", "2", ...
    public var httpVersion: String

    public var contentType: String? { headers["content-type"] }
    public var etag: String? { headers["etag"] }
    public var lastModified: String? { headers["last-modified"] }
    public var notModified: Bool { status == 304 }

    public init(request: FetchRequest, finalURL: String, status: Int, headers: [String: String], body: [UInt8], httpVersion: String = "1.1") {
        self.request = request
        self.httpVersion = httpVersion
        self.finalURL = finalURL
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Limits and identity for every transfer.
public struct FetchOptions: Sendable, Equatable {
    public var userAgent: String
    public var concurrency: Int
    public var connectTimeoutSeconds: Double
    public var timeoutSeconds: Double
    public var lowSpeedLimitBytes: Int
    public var lowSpeedTimeSeconds: Int
    public var maxBodyBytes: Int
    public var maxRedirects: Int
    /// The SSRF guard.
    public var addressPolicy: AddressPolicy
    public var maxRetries: Int
    public var retryBaseDelaySeconds: Double
    public var retryMaxDelaySeconds: Double
    public var hostFailureLimit: Int
    /// Transfers in flight at once to one origin (scheme, host, port).
    public var perHostConcurrency: Int
    /// Seconds between two request starts at one origin; a longer `Crawl-delay` wins.
    public var perHostDelaySeconds: Double
    /// The longest `Crawl-delay` honoured; longer ones are cut to this.
    public var maxCrawlDelaySeconds: Double
    /// Whether robots.txt is fetched and obeyed.
    public var respectRobots: Bool
    /// How long a robots.txt stays valid in the cache.
    public var robotsCacheSeconds: Double
    /// Proxies, from the environment by default.
    public var proxy: ProxySettings

    public init(_ settings: Configuration.FetchSettings, environment: [String: String] = ProcessInfo.processInfo.environment) {
        userAgent = settings.userAgent
        concurrency = settings.concurrency
        connectTimeoutSeconds = settings.connectTimeoutSeconds
        timeoutSeconds = settings.timeoutSeconds
        lowSpeedLimitBytes = settings.lowSpeedLimitBytes
        lowSpeedTimeSeconds = settings.lowSpeedTimeSeconds
        maxBodyBytes = settings.maxBodyBytes
        maxRedirects = settings.maxRedirects
        addressPolicy = AddressPolicy(allow: settings.allowAddresses) ?? AddressPolicy(allow: [])!
        maxRetries = settings.maxRetries
        retryBaseDelaySeconds = settings.retryBaseDelaySeconds
        retryMaxDelaySeconds = settings.retryMaxDelaySeconds
        hostFailureLimit = settings.hostFailureLimit
        perHostConcurrency = settings.perHostConcurrency
        perHostDelaySeconds = settings.perHostDelaySeconds
        maxCrawlDelaySeconds = settings.maxCrawlDelaySeconds
        respectRobots = settings.respectRobots
        robotsCacheSeconds = 24 * 3600
        proxy = ProxySettings(environment: environment)
    }
}
