import CCurl

/// An absolute URL, parsed by libcurl's URL API.
///
/// URLs come from pages, feeds, sitemaps, redirects and archives: untrusted text. Foundation's
/// `URLComponents` setters trap on strings they dislike (a percent-encoded host, a NUL), so
/// every URL the pipeline reads goes through here instead: `curl_url_set` answers an error
/// code for anything it cannot parse, and normalises dot segments (`/a/../b` is `/b`). The
/// parts are kept as Swift strings; the `CURLU` handle lives only inside the parsing call.
public struct WebURL: Sendable, Hashable, CustomStringConvertible {
    /// Lowercase: "http", "https".
    public var scheme: String
    /// User and password as written (percent-encoded), when the URL carries them.
    public var user: String?
    public var password: String?
    /// As libcurl reads it: percent-decoded, case kept, international names as UTF-8, IPv6
    /// addresses in brackets ("[::1]").
    public var host: String
    /// The port the URL spells, nil when it spells none.
    public var port: Int?
    /// Percent-encoded, never empty ("/" at least).
    public var path: String
    /// Percent-encoded, without the "?"; nil when the URL has none.
    public var query: String?
    /// Without the "#"; nil when the URL has none.
    public var fragment: String?

    /// Parses an absolute URL; nil when it is not one libcurl accepts (no scheme, a bad host,
    /// a port out of range, a scheme libcurl does not speak).
    public init?(_ string: String) {
        guard let parsed = Self.parse(Self.prepared(string), base: nil) else { return nil }
        self = parsed
    }

    /// Resolves a reference (absolute, or relative to `base`) by RFC 3986; nil when the result
    /// is not a URL libcurl accepts.
    public init?(_ reference: String, relativeTo base: WebURL) {
        let prepared = Self.prepared(reference)
        // libcurl 7.88 resolves "" and "#frag" against the base's directory, not the base
        // itself (RFC 3986 5.2.2 keeps the base's path and query for both).
        if prepared.isEmpty || prepared.hasPrefix("#") {
            var same = base
            same.fragment = prepared.isEmpty ? nil : String(prepared.dropFirst())
            self = same
            return
        }
        guard let parsed = Self.parse(prepared, base: base.description) else { return nil }
        self = parsed
    }

    /// Whether the scheme is one the fetcher speaks.
    public var isHTTP: Bool { scheme == "http" || scheme == "https" }

    /// The port a connection uses: the spelled one, else the scheme's default.
    public var effectivePort: Int { port ?? (scheme == "https" ? 443 : 80) }

    /// The host without IPv6 brackets.
    public var bareHost: String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    public var description: String {
        var out = scheme + "://"
        if let user {
            out += user
            if let password { out += ":" + password }
            out += "@"
        }
        out += host
        if let port { out += ":\(port)" }
        out += path
        if let query { out += "?" + query }
        if let fragment { out += "#" + fragment }
        return out
    }

    // MARK: - Parsing

    /// The reference as libcurl should see it: surrounding white space trimmed, tabs and line
    /// breaks inside removed (as browsers do: attributes wrap long URLs), and bytes that may not
    /// stand in a URL (controls, space, non-ASCII, `"<>\^`{|}`) percent-encoded in upper case
    /// outside the authority, where libcurl judges the host itself.
    static func prepared(_ string: String) -> String {
        var bytes = Array(string.utf8)
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        let start = bytes.firstIndex { !isSpace($0) } ?? bytes.endIndex
        let trimmed = bytes[start...].filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        let authority = authorityRange(trimmed)
        var out: [UInt8] = []
        out.reserveCapacity(trimmed.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for (index, byte) in trimmed.enumerated() {
            let unsafe = byte <= 0x20 || byte >= 0x7F || Self.unsafeASCII.contains(byte)
            if unsafe, !authority.contains(index) {
                out += [0x25, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let unsafeASCII = Set(Array("\"<>\\^`{|}".utf8))

    /// Where the authority of "scheme://authority/…" or "//authority/…" lies (empty when none).
    private static func authorityRange(_ bytes: [UInt8]) -> Range<Int> {
        var start: Int?
        if bytes.starts(with: [0x2F, 0x2F]) {
            start = 2
        } else if let colon = schemeEnd(bytes), bytes[(colon + 1)...].starts(with: [0x2F, 0x2F]) {
            start = colon + 3
        }
        guard let start else { return 0..<0 }
        let end = bytes[start...].firstIndex { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 } ?? bytes.count
        return start..<end
    }

    /// The index of the colon that ends a reference's scheme ("mailto:", "https:"), nil when it
    /// starts with none: RFC 3986 3.1, a letter, then letters, digits, '+', '-' and '.'.
    static func schemeEnd<C: Collection>(_ bytes: C) -> C.Index? where C.Element == UInt8 {
        guard let colon = bytes.firstIndex(of: 0x3A), let first = bytes.first, (0x61...0x7A).contains(first | 0x20)
        else { return nil }
        let isSchemeByte = { (b: UInt8) in
            (0x61...0x7A).contains(b | 0x20) || (0x30...0x39).contains(b) || b == 0x2B || b == 0x2D || b == 0x2E
        }
        return bytes[..<colon].allSatisfy(isSchemeByte) ? colon : nil
    }

    /// One `CURLU` handle, owned by this call and freed before it returns.
    private static func parse(_ string: String, base: String?) -> WebURL? {
        // A URL with a NUL cannot be handed to C as a string; it is no URL.
        guard !string.utf8.contains(0), let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        if let base, curl_url_set(handle, CURLUPART_URL, base, 0) != CURLUE_OK { return nil }
        guard curl_url_set(handle, CURLUPART_URL, string, 0) == CURLUE_OK else { return nil }
        func part(_ which: CURLUPart) -> String? {
            var value: UnsafeMutablePointer<CChar>?
            guard curl_url_get(handle, which, &value, 0) == CURLUE_OK, let value else { return nil }
            defer { curl_free(value) }
            return String(cString: value)
        }
        guard let scheme = part(CURLUPART_SCHEME), let host = part(CURLUPART_HOST), !host.isEmpty else {
            return nil
        }
        let port = part(CURLUPART_PORT).flatMap { Int($0) }
        var path = part(CURLUPART_PATH) ?? "/"
        if path.isEmpty { path = "/" }
        return WebURL(
            scheme: scheme.lowercased(), user: part(CURLUPART_USER), password: part(CURLUPART_PASSWORD),
            host: host, port: port, path: path, query: part(CURLUPART_QUERY), fragment: part(CURLUPART_FRAGMENT))
    }

    private init(
        scheme: String, user: String?, password: String?, host: String, port: Int?, path: String, query: String?,
        fragment: String?
    ) {
        self.scheme = scheme
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.fragment = fragment
    }
}

extension WebURL {
    /// Resolves a link against the page URL; nil for links that are not http(s). Without a
    /// usable base, a relative link is kept as written.
    static func resolveLink(_ link: String, against base: String?) -> String? {
        let trimmed = Whitespace.trim(link)
        guard !trimmed.isEmpty else { return nil }
        if let base, let baseURL = WebURL(base) {
            guard let url = WebURL(trimmed, relativeTo: baseURL), url.isHTTP else { return nil }
            return url.description
        }
        if let url = WebURL(trimmed) { return url.isHTTP ? url.description : nil }
        // Another scheme ("mailto:", "javascript:") is no link to fetch.
        return WebURL.schemeEnd(trimmed.utf8) == nil ? trimmed : nil
    }
}
