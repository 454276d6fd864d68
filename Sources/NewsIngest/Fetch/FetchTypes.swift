import Foundation

/// A URL to fetch, with the validators from an earlier fetch for a conditional GET.
public struct FetchRequest: Sendable, Equatable {
    public var url: String
    public var etag: String?
    public var lastModified: String?

    public init(url: String, etag: String? = nil, lastModified: String? = nil) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
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

    public var contentType: String? { headers["content-type"] }
    public var etag: String? { headers["etag"] }
    public var lastModified: String? { headers["last-modified"] }
    public var notModified: Bool { status == 304 }

    public init(request: FetchRequest, finalURL: String, status: Int, headers: [String: String], body: [UInt8]) {
        self.request = request
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

    public init(_ settings: Configuration.FetchSettings) {
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
    }
}
