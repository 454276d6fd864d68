import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Proxies from the standard environment variables, decided per URL by us (libcurl's own
/// environment lookup is switched off so that one rule decides, and the SSRF guard knows when a
/// connection goes to the proxy rather than to the site).
///
/// - `http_proxy` for http URLs (lowercase only, as curl does: `HTTP_PROXY` can be set by a
///   CGI request header), `https_proxy`/`HTTPS_PROXY` for https, `all_proxy`/`ALL_PROXY` for both
///   when the specific one is missing.
/// - `no_proxy`/`NO_PROXY`: comma-separated host names (matching the host and its subdomains, a
///   leading dot allowed), IP addresses, or `*` for every host.
public struct ProxySettings: Sendable, Equatable {
    public var http: String?
    public var https: String?
    public var noProxy: [String]

    public init(http: String?, https: String?, noProxy: [String]) {
        self.http = http
        self.https = https
        self.noProxy = noProxy
    }

    public init(environment: [String: String]) {
        func value(_ names: String...) -> String? {
            for name in names {
                if let v = environment[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty { return v }
            }
            return nil
        }
        let all = value("all_proxy", "ALL_PROXY")
        http = value("http_proxy") ?? all
        https = value("https_proxy", "HTTPS_PROXY") ?? all
        noProxy = (value("no_proxy", "NO_PROXY") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty }
    }

    /// The proxy to use for a URL, or nil for a direct connection.
    public func proxy(for url: String) -> String? {
        guard let parsed = WebURL(url) else { return nil }
        let scheme = parsed.scheme
        let host = parsed.host.lowercased()
        let proxy = scheme == "https" ? https : (scheme == "http" ? http : nil)
        guard let proxy else { return nil }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        for entry in noProxy {
            if entry == "*" { return nil }
            var name = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
            if let colon = name.lastIndex(of: ":"), !name.contains("]"), name.filter({ $0 == ":" }).count == 1 {
                name = String(name[..<colon])  // "host:port" entries match the host
            }
            name = name.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            if bare == name || bare.hasSuffix("." + name) { return nil }
        }
        return proxy
    }

    /// Every proxy host named, for resolving their addresses once.
    var proxyHosts: [String] {
        [http, https].compactMap { $0 }.compactMap { proxy in
            let withScheme = proxy.contains("://") ? proxy : "http://" + proxy
            return WebURL(withScheme)?.bareHost
        }
    }
}

/// Address lookups the SSRF guard needs outside libcurl: the proxy's own addresses, and the
/// target of a proxied request (the proxy connects there, so our socket check cannot see it).
enum HostResolver {
    /// The addresses a host literal spells, in every form `inet_aton` accepts ("2130706433",
    /// "0x7f.1"), or IPv6 in brackets; nil when the host is a name.
    static func literal(_ host: String) -> IPAddress? {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if bare.contains(":") { return IPAddress(bare) }
        var v4 = in_addr()
        guard inet_aton(bare, &v4) != 0 else { return nil }
        return IPAddress(bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + withUnsafeBytes(of: v4) { Array($0) })
    }

    /// The addresses a host names without asking DNS: an address literal in any spelling, or
    /// 127.0.0.1 for "localhost" and "*.localhost" (RFC 6761: libcurl and resolvers answer
    /// them with loopback), trailing dots ignored. Nil for any other name.
    static func spelledAddresses(_ host: String) -> [IPAddress]? {
        var name = host.lowercased()
        while name.hasSuffix(".") { name.removeLast() }
        if let literal = literal(name) { return [literal] }
        if name == "localhost" || name.hasSuffix(".localhost") {
            return [IPAddress(bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 127, 0, 0, 1])]
        }
        return nil
    }

    /// Every address `getaddrinfo` gives for a host; empty when it does not resolve.
    static func resolve(_ host: String) -> [IPAddress] {
        if let spelled = spelledAddresses(host) { return spelled }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var result: [IPAddress] = []
        var current = list
        while let entry = current {
            if let address = entry.pointee.ai_addr,
                let ip = IPAddress(sockaddr: UnsafeRawPointer(address), family: entry.pointee.ai_family)
            {
                result.append(ip)
            }
            current = entry.pointee.ai_next
        }
        return result
    }
}
