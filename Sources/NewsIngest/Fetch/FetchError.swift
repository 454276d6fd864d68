import CCurl
import Foundation

/// Why a transfer failed.
public struct FetchError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case invalidURL = "invalid_url"
        case unsupportedScheme = "unsupported_scheme"
        case network = "network"
        case timeout = "timeout"
        case tooManyRedirects = "too_many_redirects"
        case bodyTooLarge = "body_too_large"
        case httpStatus = "http_status"
        case badEncoding = "bad_encoding"
        case cancelled = "cancelled"
        case blockedAddress = "blocked_address"
        case hostBackedOff = "host_backed_off"
        /// Skipped on purpose: robots.txt disallows the URL.
        case robotsDisallowed = "robots_disallowed"
        /// robots.txt answered 5xx or was unreachable: the origin is not crawled this run.
        case robotsUnreachable = "robots_unreachable"
        /// Skipped on purpose: an article URL answered with something other than HTML.
        case notHTML = "not_html"

        /// Skips are decisions, not failures: they do not make a run partial.
        public var isSkip: Bool { self == .robotsDisallowed || self == .notHTML }
    }

    public let code: Code
    public let url: String
    public let detail: String
    /// The HTTP status, for `httpStatus` failures.
    public var status: Int?
    /// Seconds the server asked us to wait (`Retry-After`), when it said.
    public var retryAfter: Double?

    public init(code: Code, url: String, detail: String, status: Int? = nil, retryAfter: Double? = nil) {
        self.code = code
        self.url = url
        self.detail = detail
        self.status = status
        self.retryAfter = retryAfter
    }

    /// Timeouts, failed connections, 429 and 5xx may succeed on another try; nothing else will.
    public var isRetryable: Bool {
        switch code {
        case .timeout, .network: return true
        case .httpStatus: return status == 429 || (status ?? 0) >= 500
        default: return false
        }
    }

    /// Skips are decisions, not failures: they do not make a run partial.
    public var isSkip: Bool { code.isSkip }

    public var description: String { "\(code.rawValue): \(detail) (\(url))" }

    /// The one funnel from `CURLcode` to a Swift error.
    static func curl(_ result: CURLcode, url: String, message: String) -> FetchError {
        let text = message.isEmpty ? String(cString: curl_easy_strerror(result)) : message
        switch result {
        case CURLE_OPERATION_TIMEDOUT:
            return FetchError(code: .timeout, url: url, detail: text)
        case CURLE_TOO_MANY_REDIRECTS:
            return FetchError(code: .tooManyRedirects, url: url, detail: text)
        case CURLE_UNSUPPORTED_PROTOCOL:
            return FetchError(code: .unsupportedScheme, url: url, detail: text)
        case CURLE_URL_MALFORMAT:
            return FetchError(code: .invalidURL, url: url, detail: text)
        case CURLE_BAD_CONTENT_ENCODING:
            return FetchError(code: .badEncoding, url: url, detail: text)
        case CURLE_FILESIZE_EXCEEDED:
            return FetchError(code: .bodyTooLarge, url: url, detail: text)
        default:
            return FetchError(code: .network, url: url, detail: text)
        }
    }
}
