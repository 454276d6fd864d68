import Foundation

/// The rules of one site's robots.txt for our product token (RFC 9309), plus the
/// `Crawl-delay` and `Sitemap` extensions.
///
/// - The group whose `user-agent` equals our product token (case-insensitive) applies; several
///   such groups are merged. Without one, the `*` groups apply; without those, everything is
///   allowed.
/// - The longest matching `allow`/`disallow` path wins; on a tie `allow` wins. `*` matches any
///   run of characters and a trailing `$` anchors the end. `/robots.txt` is always allowed.
/// - Only the first ``maxBytes`` are read (the RFC's lower bound for parsers).
public struct RobotsPolicy: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public var allow: Bool
        /// The path pattern, percent-encoding normalised (see ``RobotsPolicy/normalize(_:)``).
        public var pattern: String
    }

    public static let maxBytes = 500 * 1024

    public private(set) var rules: [Rule]
    /// Seconds between requests the site asked our group for.
    public private(set) var crawlDelay: Double?
    /// Sitemaps the file announces (they apply to every agent).
    public private(set) var sitemaps: [String]

    /// Everything allowed: a 4xx robots.txt, or none.
    public static let allowAll = RobotsPolicy(rules: [], crawlDelay: nil, sitemaps: [])
    /// Nothing allowed: the site's robots.txt failed with 5xx or could not be reached.
    public static let disallowAll = RobotsPolicy(
        rules: [Rule(allow: false, pattern: "/")], crawlDelay: nil, sitemaps: [])

    init(rules: [Rule], crawlDelay: Double?, sitemaps: [String]) {
        self.rules = rules
        self.crawlDelay = crawlDelay
        self.sitemaps = sitemaps
    }

    /// The product token of a User-Agent header: "NewsIngest/0.1 (+https://…)" gives "newsingest".
    public static func productToken(of userAgent: String) -> String {
        let token = userAgent.prefix { $0.isLetter || $0 == "-" || $0 == "_" }
        return token.lowercased()
    }

    /// Parses robots.txt text for the agent whose product token is `agent`.
    public init(parsing bytes: [UInt8], agent: String) {
        let text = String(decoding: bytes.prefix(Self.maxBytes), as: UTF8.self)
        let agent = agent.lowercased()
        var ours: [Rule] = []
        var star: [Rule] = []
        var ourDelay: Double?
        var starDelay: Double?
        var foundOurs = false
        var foundStar = false
        var sitemaps: [String] = []
        // The agents of the group being read; a user-agent line after rules starts a new group.
        var groupAgents: [String] = []
        var groupHasRules = false

        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "user-agent", "useragent", "user agent":
                if groupHasRules {
                    groupAgents = []
                    groupHasRules = false
                }
                let name = Self.productToken(of: value)
                groupAgents.append(value == "*" ? "*" : name)
                if name == agent { foundOurs = true }
                if value == "*" { foundStar = true }
            case "allow", "disallow":
                groupHasRules = true
                // An empty disallow matches nothing; an empty allow adds nothing either.
                guard !value.isEmpty, !groupAgents.isEmpty else { continue }
                let rule = Rule(allow: key == "allow", pattern: Self.normalize(value))
                if groupAgents.contains(agent) { ours.append(rule) }
                if groupAgents.contains("*") { star.append(rule) }
            case "crawl-delay":
                groupHasRules = true
                guard let seconds = Double(value), seconds >= 0, seconds.isFinite else { continue }
                if groupAgents.contains(agent) { ourDelay = seconds }
                if groupAgents.contains("*") { starDelay = seconds }
            case "sitemap":
                if !value.isEmpty { sitemaps.append(value) }
            default:
                continue
            }
        }
        if foundOurs {
            self.init(rules: ours, crawlDelay: ourDelay, sitemaps: sitemaps)
        } else if foundStar {
            self.init(rules: star, crawlDelay: starDelay, sitemaps: sitemaps)
        } else {
            self.init(rules: [], crawlDelay: nil, sitemaps: sitemaps)
        }
    }

    /// Whether a URL (or its path and query) may be fetched.
    public func allows(_ url: String) -> Bool {
        let target = Self.normalize(Self.pathAndQuery(of: url))
        if target == "/robots.txt" { return true }
        var best: (length: Int, allow: Bool)?
        for rule in rules where Self.matches(pattern: rule.pattern, path: target) {
            let length = rule.pattern.utf8.count
            if let current = best {
                if length > current.length || (length == current.length && rule.allow) { best = (length, rule.allow) }
            } else {
                best = (length, rule.allow)
            }
        }
        return best?.allow ?? true
    }

    /// "https://x.test/a/b?c=1#f" gives "/a/b?c=1"; a path is returned as it is.
    static func pathAndQuery(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url.isEmpty ? "/" : url }
        let afterAuthority = url[scheme.upperBound...]
        guard let slash = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) else { return "/" }
        var rest = String(afterAuthority[slash...])
        if let hash = rest.firstIndex(of: "#") { rest = String(rest[..<hash]) }
        if rest.hasPrefix("?") { rest = "/" + rest }
        return rest.isEmpty ? "/" : rest
    }

    /// Percent-encodes bytes outside printable ASCII and uppercases existing escapes, so
    /// "/ä" in the file and "/%c3%a4" in a URL compare equal. Unreserved characters that arrive
    /// escaped ("%7E") are decoded, as RFC 3986 allows.
    static func normalize(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        let bytes = Array(path.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]),
                let lo = hexValue(bytes[i + 2])
            {
                let decoded = hi << 4 | lo
                if isUnreserved(decoded) {
                    out.append(decoded)
                } else {
                    out += [b, hex[Int(hi)], hex[Int(lo)]]
                }
                i += 3
                continue
            }
            if b <= 0x20 || b >= 0x7F {
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func isUnreserved(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
            || c == UInt8(ascii: "_") || c == UInt8(ascii: "~")
    }

    /// Whether `pattern` matches a prefix of `path` (`*` any run, trailing `$` the end).
    /// - Complexity: O(pattern × path) at worst: the classic greedy glob match with one
    ///   backtrack point, so hostile patterns full of `*` cannot explode.
    static func matches(pattern: String, path: String) -> Bool {
        var p = Array(pattern.utf8)
        let s = Array(path.utf8)
        var anchored = false
        if p.last == UInt8(ascii: "$") {
            anchored = true
            p.removeLast()
        }
        // Without the end anchor a pattern matches a prefix: as if it ended in '*'.
        if !anchored { p.append(UInt8(ascii: "*")) }
        var pi = 0
        var si = 0
        var star = -1
        var mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = si
                pi += 1
            } else if pi < p.count, p[pi] == s[si] {
                pi += 1
                si += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
