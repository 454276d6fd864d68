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

    public init(
        request: FetchRequest, finalURL: String, status: Int, headers: [String: String], body: [UInt8],
        httpVersion: String = "1.1"
    ) {
        self.request = request
        self.httpVersion = httpVersion
        self.finalURL = finalURL
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Limits and identity for every transfer: the `[fetch]` settings (read through, as
/// `options.concurrency`), plus what is derived from them once.
@dynamicMemberLookup
public struct FetchOptions: Sendable, Equatable {
    public var settings: Configuration.FetchSettings
    /// The SSRF guard, from `allow_addresses`.
    public var addressPolicy: AddressPolicy
    /// How long a robots.txt stays valid in the cache.
    public var robotsCacheSeconds: Double = 24 * 3600
    /// Proxies, from the environment by default.
    public var proxy: ProxySettings

    public init(
        _ settings: Configuration.FetchSettings, environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.settings = settings
        addressPolicy = AddressPolicy(allow: settings.allowAddresses) ?? AddressPolicy(allow: [])!
        proxy = ProxySettings(environment: environment)
    }

    public subscript<Value>(dynamicMember keyPath: KeyPath<Configuration.FetchSettings, Value>) -> Value {
        settings[keyPath: keyPath]
    }
}
