import CCurl
import CShims
import Foundation

/// Fetches many URLs at once with libcurl's multi interface, driven from the calling thread.
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

    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    public init(options: FetchOptions) throws {
        guard Self.globalInit == CURLE_OK, let multi = curl_multi_init() else {
            throw FetchError(code: .network, url: "", detail: "libcurl could not be initialised")
        }
        self.options = options
        self.multi = multi
        _ = ni_curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, options.concurrency)
    }

    deinit {
        for (handle, _) in active { curl_multi_remove_handle(multi, handle) }
        active.removeAll()
        curl_multi_cleanup(multi)
    }

    /// Fetches the requests `next` hands out, at most `concurrency` at a time, calling
    /// `completion` on this thread as each one ends. Returns when `next` gives nil and every
    /// transfer has ended. Once `isCancelled` answers true no new transfer starts and those in
    /// flight end as `cancelled`.
    public func run(
        next: () -> FetchRequest?,
        isCancelled: () -> Bool = { false },
        completion: (FetchRequest, Result<FetchResponse, FetchError>) -> Void
    ) {
        var exhausted = false
        var retries: [PendingRetry] = []
        var attempts: [UnsafeMutableRawPointer: Int] = [:]
        var failuresInARow: [String: Int] = [:]
        var backedOff = Set<String>()

        func host(_ url: String) -> String { URL(string: url)?.host?.lowercased() ?? "" }

        func begin(_ request: FetchRequest, attempt: Int) {
            let h = host(request.url)
            if backedOff.contains(h) {
                completion(request, .failure(FetchError(code: .hostBackedOff, url: request.url,
                    detail: "\(h) failed \(options.hostFailureLimit) times in a row; skipped for the rest of the run")))
                return
            }
            do {
                let handle = try start(request)
                attempts[handle] = attempt
            } catch let error as FetchError {
                completion(request, .failure(error))
            } catch {
                completion(request, .failure(FetchError(code: .network, url: request.url, detail: "\(error)")))
            }
        }

        func finished(_ request: FetchRequest, _ result: Result<FetchResponse, FetchError>, attempt: Int) {
            let h = host(request.url)
            switch result {
            case .failure(let error) where error.isRetryable && attempt < options.maxRetries && !backedOff.contains(h):
                retries.append(PendingRetry(due: Date().addingTimeInterval(retryDelay(attempt: attempt, retryAfter: error.retryAfter)),
                    request: request, attempt: attempt + 1))
            case .failure(let error):
                if error.isRetryable {
                    failuresInARow[h, default: 0] += 1
                    if failuresInARow[h, default: 0] >= options.hostFailureLimit { backedOff.insert(h) }
                }
                completion(request, result)
            case .success:
                failuresInARow[h] = 0
                completion(request, result)
            }
        }

        while true {
            if isCancelled() {
                for (handle, transfer) in active {
                    curl_multi_remove_handle(multi, handle)
                    completion(transfer.request, .failure(FetchError(code: .cancelled, url: transfer.request.url, detail: "run interrupted")))
                }
                active.removeAll()
                for retry in retries {
                    completion(retry.request, .failure(FetchError(code: .cancelled, url: retry.request.url, detail: "run interrupted")))
                }
                return
            }
            // Retries that are due go first, then new requests.
            let now = Date()
            while active.count < options.concurrency, let index = retries.firstIndex(where: { $0.due <= now }) {
                let retry = retries.remove(at: index)
                begin(retry.request, attempt: retry.attempt)
            }
            while !exhausted, active.count < options.concurrency {
                guard let request = next() else {
                    exhausted = true
                    break
                }
                begin(request, attempt: 0)
            }
            if active.isEmpty {
                if exhausted, retries.isEmpty { return }
                if let due = retries.map(\.due).min() {
                    Thread.sleep(forTimeInterval: min(0.1, max(0.001, due.timeIntervalSinceNow)))
                }
                continue
            }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished { handle, request, result in
                finished(request, result, attempt: attempts.removeValue(forKey: handle) ?? 0)
            }
            if !active.isEmpty {
                var ready: Int32 = 0
                curl_multi_poll(multi, nil, 0, 100, &ready)
            }
        }
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
        var outcome: Result<FetchResponse, FetchError> = .failure(FetchError(code: .network, url: request.url, detail: "not fetched"))
        run(next: { defer { pending = nil }; return pending }, completion: { _, result in outcome = result })
        return outcome
    }

    @discardableResult
    private func start(_ request: FetchRequest) throws -> UnsafeMutableRawPointer {
        guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw FetchError(code: .invalidURL, url: request.url, detail: "not an absolute URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw FetchError(code: .unsupportedScheme, url: request.url, detail: "only http and https are fetched, not \(scheme)")
        }
        let transfer = try Transfer(request: request, options: options)
        let handle = transfer.handle.pointer
        let code = curl_multi_add_handle(multi, handle)
        guard code == CURLM_OK else {
            throw FetchError(code: .network, url: request.url, detail: String(cString: curl_multi_strerror(code)))
        }
        active[handle] = transfer
        return handle
    }

    private func collectFinished(_ completion: (UnsafeMutableRawPointer, FetchRequest, Result<FetchResponse, FetchError>) -> Void) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = ni_curl_msg_result(message)
            curl_multi_remove_handle(multi, handle)
            guard let transfer = active.removeValue(forKey: handle) else { continue }
            completion(handle, transfer.request, transfer.finish(code))
        }
    }
}

/// A failed transfer waiting for its next try.
struct PendingRetry {
    var due: Date
    var request: FetchRequest
    var attempt: Int
}

/// One owner for a `CURL*` easy handle.
final class EasyHandle {
    let pointer: UnsafeMutableRawPointer

    init() throws {
        guard let pointer = curl_easy_init() else {
            throw FetchError(code: .network, url: "", detail: "curl_easy_init failed")
        }
        self.pointer = pointer
    }

    deinit { curl_easy_cleanup(pointer) }

    func set(_ option: CURLoption, _ value: Int) throws {
        try check(ni_curl_setopt_long(pointer, option, value), option)
    }

    func set(_ option: CURLoption, _ value: String) throws {
        try check(value.withCString { ni_curl_setopt_string(pointer, option, $0) }, option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws {
        guard code == CURLE_OK else {
            throw FetchError.curl(code, url: "", message: "setting curl option \(option.rawValue) failed: \(String(cString: curl_easy_strerror(code)))")
        }
    }
}

/// One owner for a `curl_slist`.
final class HeaderList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    func append(_ line: String) {
        pointer = line.withCString { curl_slist_append(pointer, $0) }
    }

    deinit { curl_slist_free_all(pointer) }
}

/// The state of one transfer: its handle, the body so far, the headers of the latest response.
final class Transfer {
    let request: FetchRequest
    let handle: EasyHandle
    private let requestHeaders = HeaderList()
    private let maxBodyBytes: Int
    let addressPolicy: AddressPolicy
    /// Set when the SSRF guard refused a connection.
    var blockedReason: String?
    private var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    var body: [UInt8] = []
    var headers: [String: String] = [:]
    var bodyTooLarge = false

    init(request: FetchRequest, options: FetchOptions) throws {
        self.request = request
        self.maxBodyBytes = options.maxBodyBytes
        addressPolicy = options.addressPolicy
        handle = try EasyHandle()
        try handle.set(CURLOPT_URL, request.url)
        try handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_FOLLOWLOCATION, 1)
        try handle.set(CURLOPT_MAXREDIRS, options.maxRedirects)
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeoutSeconds * 1000))
        try handle.set(CURLOPT_TIMEOUT_MS, Int(options.timeoutSeconds * 1000))
        if options.lowSpeedLimitBytes > 0 {
            try handle.set(CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedLimitBytes)
            try handle.set(CURLOPT_LOW_SPEED_TIME, options.lowSpeedTimeSeconds)
        }
        try handle.set(CURLOPT_MAXFILESIZE_LARGE, options.maxBodyBytes)
        try handle.set(CURLOPT_USERAGENT, options.userAgent)
        // An empty string asks for every encoding this libcurl can decode (gzip, deflate, br...).
        try handle.set(CURLOPT_ACCEPT_ENCODING, "")
        try handle.set(CURLOPT_NOSIGNAL, 1)
        try handle.set(CURLOPT_NOPROGRESS, 1)
        requestHeaders.append("Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        if let etag = request.etag { requestHeaders.append("If-None-Match: \(etag)") }
        if let lastModified = request.lastModified { requestHeaders.append("If-Modified-Since: \(lastModified)") }
        _ = ni_curl_setopt_slist(handle.pointer, CURLOPT_HTTPHEADER, requestHeaders.pointer)
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = ni_curl_setopt_data_callback(handle.pointer, CURLOPT_WRITEFUNCTION, transferWriteCallback)
        _ = ni_curl_setopt_pointer(handle.pointer, CURLOPT_WRITEDATA, me)
        _ = ni_curl_setopt_data_callback(handle.pointer, CURLOPT_HEADERFUNCTION, transferHeaderCallback)
        _ = ni_curl_setopt_pointer(handle.pointer, CURLOPT_HEADERDATA, me)
        _ = ni_curl_setopt_opensocket_callback(handle.pointer, transferOpenSocketCallback)
        _ = ni_curl_setopt_pointer(handle.pointer, CURLOPT_OPENSOCKETDATA, me)
        _ = errorBuffer.withUnsafeMutableBufferPointer { ni_curl_setopt_pointer(handle.pointer, CURLOPT_ERRORBUFFER, $0.baseAddress) }
    }

    /// Appends decoded body bytes; refuses (and so aborts the transfer) past the limit.
    func receive(_ data: UnsafeRawBufferPointer) -> Bool {
        if body.count + data.count > maxBodyBytes {
            bodyTooLarge = true
            return false
        }
        body.append(contentsOf: data)
        return true
    }

    func receiveHeader(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers.removeAll()  // a new response in a redirect chain
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

    func finish(_ code: CURLcode) -> Result<FetchResponse, FetchError> {
        if code != CURLE_OK, let blockedReason {
            return .failure(FetchError(code: .blockedAddress, url: request.url, detail: "refused by the SSRF guard: \(blockedReason)"))
        }
        if bodyTooLarge || code == CURLE_FILESIZE_EXCEEDED {
            return .failure(FetchError(code: .bodyTooLarge, url: request.url, detail: "body exceeds \(maxBodyBytes) bytes after decoding"))
        }
        guard code == CURLE_OK else {
            let message = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            return .failure(.curl(code, url: request.url, message: message))
        }
        var status = 0
        _ = ni_curl_getinfo_long(handle.pointer, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafePointer<CChar>?
        _ = ni_curl_getinfo_string(handle.pointer, CURLINFO_EFFECTIVE_URL, &effective)
        let finalURL = effective.map { String(cString: $0) } ?? request.url
        if (300..<400).contains(status), status != 304 {
            return .failure(FetchError(code: .tooManyRedirects, url: request.url, detail: "redirect \(status) not followed"))
        }
        guard (200..<300).contains(status) || status == 304 else {
            return .failure(FetchError(code: .httpStatus, url: request.url, detail: "HTTP \(status)", status: status,
                retryAfter: headers["retry-after"].flatMap(Self.retryAfterSeconds)))
        }
        return .success(FetchResponse(request: request, finalURL: finalURL, status: status, headers: headers, body: body))
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
    if let refusal = transfer.addressPolicy.refusal(for: ip) {
        transfer.blockedReason = refusal
        return -1
    }
    return socket(family, address.pointee.socktype, address.pointee.protocol)
}

private func transferWriteCallback(_ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let user else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    let bytes = size * count
    return transfer.receive(UnsafeRawBufferPointer(start: data, count: bytes)) ? bytes : 0
}

private func transferHeaderCallback(_ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let user else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    let bytes = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: bytes), as: UTF8.self)
    transfer.receiveHeader(line)
    return bytes
}
