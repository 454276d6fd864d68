import CCurl
import CShims
import Foundation

/// One owner for a `CURL*` easy handle and the memory libcurl keeps pointers to while the
/// handle lives: its error buffer and its request header list. All are freed together in
/// `deinit`, the buffer and the list after the handle that points at them.
final class EasyHandle {
    let pointer: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER`: libcurl writes a message here when a transfer fails.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private static let errorBufferSize = Int(CURL_ERROR_SIZE) + 1
    private var headers: UnsafeMutablePointer<curl_slist>?

    init() throws {
        guard let pointer = curl_easy_init() else {
            throw FetchError(code: .network, url: "", detail: "curl_easy_init failed")
        }
        self.pointer = pointer
        errorBuffer = .allocate(capacity: Self.errorBufferSize)
        errorBuffer.initialize(repeating: 0, count: Self.errorBufferSize)
        do {
            try Curl.check(ni_curl_setopt_pointer(pointer, CURLOPT_ERRORBUFFER, errorBuffer), "CURLOPT_ERRORBUFFER")
        } catch {
            curl_easy_cleanup(pointer)
            errorBuffer.deallocate()
            throw error
        }
    }

    deinit {
        curl_easy_cleanup(pointer)
        curl_slist_free_all(headers)
        errorBuffer.deallocate()
    }

    /// What libcurl wrote into the error buffer ("" when nothing).
    var errorMessage: String { String(cString: errorBuffer) }

    func set(_ option: CURLoption, _ value: Int) throws {
        try Curl.check(ni_curl_setopt_long(pointer, option, value), "setting curl option \(option.rawValue)")
    }

    func set(_ option: CURLoption, _ value: String) throws {
        try Curl.check(
            value.withCString { ni_curl_setopt_string(pointer, option, $0) }, "setting curl option \(option.rawValue)")
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws {
        try Curl.check(ni_curl_setopt_pointer(pointer, option, value), "setting curl option \(option.rawValue)")
    }

    func set(_ option: CURLoption, callback: ni_curl_data_callback) throws {
        try Curl.check(
            ni_curl_setopt_data_callback(pointer, option, callback), "setting curl option \(option.rawValue)")
    }

    /// Sets `CURLOPT_HTTPHEADER` to these lines; the list is this handle's until it is freed.
    func setRequestHeaders(_ lines: [String]) throws {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let appended = line.withCString({ curl_slist_append(list, $0) }) else {
                curl_slist_free_all(list)
                throw FetchError(code: .network, url: "", detail: "curl_slist_append failed")
            }
            list = appended
        }
        do {
            try Curl.check(ni_curl_setopt_slist(pointer, CURLOPT_HTTPHEADER, list), "CURLOPT_HTTPHEADER")
        } catch {
            curl_slist_free_all(list)
            throw error
        }
        curl_slist_free_all(headers)
        headers = list
    }

    func info(_ what: CURLINFO) throws -> Int {
        var value = 0
        try Curl.check(ni_curl_getinfo_long(pointer, what, &value), "curl_easy_getinfo \(what.rawValue)")
        return value
    }

    func info(_ what: CURLINFO) throws -> String? {
        var value: UnsafePointer<CChar>?
        try Curl.check(ni_curl_getinfo_string(pointer, what, &value), "curl_easy_getinfo \(what.rawValue)")
        return value.map { String(cString: $0) }
    }
}

/// What a transfer fetches, which decides the content types it accepts and how it ends.
enum TransferPurpose {
    /// A page for the cleaner: HTML or XHTML only; anything else is refused at its first byte.
    case article
    /// A feed, sitemap or other document: any content type (its parser decides).
    case document
    /// A robots.txt: the first ``RobotsPolicy/maxBytes`` are kept, the rest ignored.
    case robots
}

/// The state of one transfer: its handle, the body so far, the headers of the latest response.
final class Transfer {
    let job: FetchJob
    let origin: String
    let purpose: TransferPurpose
    let handle: EasyHandle
    private let maxBodyBytes: Int
    let addressPolicy: AddressPolicy
    /// Addresses of the proxy this transfer goes through (the guard lets them through).
    let proxyAddresses: [IPAddress]
    /// Redirects are followed by the fetcher (not libcurl) when a proxy is used, so that each
    /// new target is checked before the proxy is asked for it.
    let followsRedirectsItself: Bool
    /// Set when the SSRF guard refused a connection.
    var blockedReason: String?
    var body: [UInt8] = []
    var headers: [String: String] = [:]
    /// The status line of the response being received.
    var currentStatus = 0
    var bodyTooLarge = false
    /// robots.txt beyond the parse limit: the rest is dropped on purpose.
    var truncated = false
    /// The content type an article transfer refused.
    var refusedContentType: String?

    init(
        job: FetchJob, origin: String, purpose: TransferPurpose, options: FetchOptions, proxy: String?,
        proxyAddresses: [IPAddress]
    ) throws {
        self.job = job
        self.origin = origin
        self.purpose = purpose
        self.maxBodyBytes = purpose == .robots ? RobotsPolicy.maxBytes : options.maxBodyBytes
        addressPolicy = options.addressPolicy
        self.proxyAddresses = proxy == nil ? [] : proxyAddresses
        followsRedirectsItself = proxy != nil
        handle = try EasyHandle()
        try handle.set(CURLOPT_URL, job.url)
        try handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        // Proxies are decided by ProxySettings; "" also stops libcurl reading the environment.
        try handle.set(CURLOPT_PROXY, proxy ?? "")
        try handle.set(CURLOPT_FOLLOWLOCATION, proxy == nil ? 1 : 0)
        try handle.set(CURLOPT_MAXREDIRS, max(0, options.maxRedirects - job.redirects))
        try handle.set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
        try handle.set(CURLOPT_PIPEWAIT, 1)
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeoutSeconds * 1000))
        try handle.set(CURLOPT_TIMEOUT_MS, Int(options.timeoutSeconds * 1000))
        if options.lowSpeedLimitBytes > 0 {
            try handle.set(CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedLimitBytes)
            try handle.set(CURLOPT_LOW_SPEED_TIME, options.lowSpeedTimeSeconds)
        }
        if purpose != .robots { try handle.set(CURLOPT_MAXFILESIZE_LARGE, options.maxBodyBytes) }
        try handle.set(CURLOPT_USERAGENT, options.userAgent)
        // An empty string asks for every encoding this libcurl can decode (gzip, deflate, br...).
        try handle.set(CURLOPT_ACCEPT_ENCODING, "")
        try handle.set(CURLOPT_NOSIGNAL, 1)
        try handle.set(CURLOPT_NOPROGRESS, 1)
        var requestHeaders: [String]
        switch purpose {
        case .article: requestHeaders = ["Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"]
        case .document:
            requestHeaders = [
                "Accept: application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,*/*;q=0.8"
            ]
        case .robots: requestHeaders = ["Accept: text/plain,*/*;q=0.5"]
        }
        if job.redirects == 0 {
            if let etag = job.request.etag { requestHeaders.append("If-None-Match: \(etag)") }
            if let lastModified = job.request.lastModified {
                requestHeaders.append("If-Modified-Since: \(lastModified)")
            }
        }
        try handle.setRequestHeaders(requestHeaders)
        // libcurl keeps this pointer for its callbacks: the transfer outlives the handle's time
        // in the multi (HTTPFetcher removes the handle before it drops the transfer).
        let me = Unmanaged.passUnretained(self).toOpaque()
        try handle.set(CURLOPT_WRITEFUNCTION, callback: transferWriteCallback)
        try handle.set(CURLOPT_WRITEDATA, pointer: me)
        try handle.set(CURLOPT_HEADERFUNCTION, callback: transferHeaderCallback)
        try handle.set(CURLOPT_HEADERDATA, pointer: me)
        let socketCode = ni_curl_setopt_opensocket_callback(handle.pointer, transferOpenSocketCallback)
        try Curl.check(socketCode, "CURLOPT_OPENSOCKETFUNCTION")
        try handle.set(CURLOPT_OPENSOCKETDATA, pointer: me)
    }

    var url: String { job.url }

    /// Whether a connection to `ip` may be opened; nil when it may, otherwise why not.
    func refusal(for ip: IPAddress) -> String? {
        if proxyAddresses.contains(ip) { return nil }
        return addressPolicy.refusal(for: ip)
    }

    /// Appends decoded body bytes; refuses (and so aborts the transfer) past the limit, or at
    /// the first byte of an article whose content type is not HTML.
    func receive(_ data: UnsafeRawBufferPointer) -> Bool {
        if purpose == .article, body.isEmpty, (200..<300).contains(currentStatus), let type = headers["content-type"],
            !Self.isHTML(type)
        {
            refusedContentType = type
            return false
        }
        if body.count + data.count > maxBodyBytes {
            if purpose == .robots {
                body.append(contentsOf: data.prefix(maxBodyBytes - body.count))
                truncated = true
            } else {
                bodyTooLarge = true
            }
            return false
        }
        body.append(contentsOf: data)
        return true
    }

    /// HTML or XHTML (a missing type is judged by the cleaner instead).
    static func isHTML(_ contentType: String) -> Bool {
        let media =
            contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return media.isEmpty || media == "text/html" || media == "application/xhtml+xml"
            || media == "application/vnd.wap.xhtml+xml"
    }

    func receiveHeader(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers.removeAll()  // a new response in a redirect chain
            let parts = line.split(separator: " ", maxSplits: 2)
            currentStatus = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers[name] = value
    }

    /// `Retry-After` as delay-seconds or an HTTP date.
    static func retryAfterSeconds(_ value: String) -> Double? {
        let trimmed = Whitespace.trim(value)
        if let seconds = Double(trimmed), seconds >= 0 { return seconds }
        guard let date = DateParser.parse(trimmed) else { return nil }
        return max(0, date.date.timeIntervalSinceNow)
    }

    /// How the transfer ended.
    enum Outcome {
        case done(Result<FetchResponse, FetchError>)
        /// A redirect the fetcher follows itself (proxied transfers).
        case redirect(to: String)
    }

    func finish(_ code: CURLcode) -> Outcome {
        let url = job.request.url
        if code != CURLE_OK, let blockedReason {
            return .done(
                .failure(
                    FetchError(code: .blockedAddress, url: url, detail: "refused by the SSRF guard: \(blockedReason)")))
        }
        if let refusedContentType {
            return .done(
                .failure(FetchError(code: .notHTML, url: url, detail: "content type \(refusedContentType) is not HTML"))
            )
        }
        if bodyTooLarge || code == CURLE_FILESIZE_EXCEEDED {
            return .done(
                .failure(
                    FetchError(
                        code: .bodyTooLarge, url: url, detail: "body exceeds \(maxBodyBytes) bytes after decoding")))
        }
        guard code == CURLE_OK || truncated else {
            return .done(.failure(.curl(code, url: url, message: handle.errorMessage)))
        }
        let status: Int
        let finalURL: String
        let version: Int
        do {
            status = try handle.info(CURLINFO_RESPONSE_CODE)
            finalURL = try handle.info(CURLINFO_EFFECTIVE_URL) ?? job.url
            version = try handle.info(CURLINFO_HTTP_VERSION)
        } catch let error as FetchError {
            return .done(.failure(FetchError(code: error.code, url: url, detail: error.detail)))
        } catch {
            return .done(.failure(FetchError(code: .network, url: url, detail: "\(error)")))
        }
        if (300..<400).contains(status), status != 304 {
            if followsRedirectsItself, let location = headers["location"],
                let target = WebURL.resolveLink(location, against: finalURL)
            {
                return .redirect(to: target)
            }
            return .done(
                .failure(FetchError(code: .tooManyRedirects, url: url, detail: "redirect \(status) not followed")))
        }
        guard (200..<300).contains(status) || status == 304 else {
            return .done(
                .failure(
                    FetchError(
                        code: .httpStatus, url: url, detail: "HTTP \(status)", status: status,
                        retryAfter: headers["retry-after"].flatMap(Self.retryAfterSeconds))))
        }
        return .done(
            .success(
                FetchResponse(
                    request: job.request, finalURL: finalURL, status: status, headers: headers, body: body,
                    httpVersion: Self.versionName(version))))
    }

    static func versionName(_ version: Int) -> String {
        switch version {
        case CURL_HTTP_VERSION_1_0: return "1.0"
        case CURL_HTTP_VERSION_1_1: return "1.1"
        case CURL_HTTP_VERSION_2_0: return "2"
        case CURL_HTTP_VERSION_3: return "3"
        default: return "unknown"
        }
    }
}

/// Opens each connection's socket after checking its resolved address against the SSRF guard.
private func transferOpenSocketCallback(
    _ user: UnsafeMutableRawPointer?, _ purpose: curlsocktype, _ address: UnsafeMutablePointer<curl_sockaddr>?
) -> curl_socket_t {
    guard let user, let address else { return -1 }
    let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    let family = address.pointee.family
    let offset = MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
    guard let ip = IPAddress(sockaddr: UnsafeRawPointer(address) + offset, family: family) else {
        transfer.blockedReason = "address family \(family) is not IP"
        return -1
    }
    if let refusal = transfer.refusal(for: ip) {
        transfer.blockedReason = refusal
        return -1
    }
    return socket(family, address.pointee.socktype, address.pointee.protocol)
}

private func transferWriteCallback(
    _ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?
) -> Int {
    guard let user else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    let bytes = size * count
    return transfer.receive(UnsafeRawBufferPointer(start: data, count: bytes)) ? bytes : 0
}

private func transferHeaderCallback(
    _ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?
) -> Int {
    guard let user else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    let bytes = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: bytes), as: UTF8.self)
    transfer.receiveHeader(line)
    return bytes
}
