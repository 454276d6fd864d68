import Foundation

/// Canonical forms of article URLs, so one article fetched under several spellings is one
/// record with revisions, not several records.
///
/// The canonical form: lowercase scheme and host, international host names in punycode,
/// default ports and fragments removed, tracking parameters removed, the remaining query keys
/// sorted, and AMP variants mapped to the regular page.
public struct URLCanonicalizer: Sendable {
    /// Parameters removed from queries. A trailing `*` matches a prefix (`utm_*`).
    public var trackingParameters: [String]

    public static let defaultTrackingParameters = [
        "utm_*", "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_ga", "_gl",
        "ref_src", "ref_url", "cmpid", "ocid", "spm", "share", "smid", "sr_share", "wt.mc_id", "at_medium",
        "at_campaign",
        "ito", "ns_mchannel", "ns_campaign", "ns_source", "ns_linkname", "xtor", "amp_js_v", "usqp",
        "__twitter_impression",
        "fb_action_ids", "fb_action_types", "fb_source", "mkt_tok", "oly_enc_id", "oly_anon_id", "vero_id",
        "rb_clickid", "s_cid",
    ]

    public init(trackingParameters: [String] = URLCanonicalizer.defaultTrackingParameters) {
        self.trackingParameters = trackingParameters.map { $0.lowercased() }
    }

    /// The canonical form, or nil for anything that is not an absolute http(s) URL.
    ///
    /// Parsed by libcurl (``WebURL``), never by Foundation's setters: the string comes from the
    /// page (canonical link, og:url), and a hostile one must give nil, not a trap.
    public func canonicalize(_ string: String) -> String? {
        guard var url = WebURL(string), url.isHTTP,
            let ascii = Punycode.asciiHost(url.host)
        else { return nil }
        let host = ascii.trimmingCharacters(in: CharacterSet(charactersIn: "."))
        // libcurl keeps bytes in a host it cannot judge ("%" not followed by an escape); a
        // canonical host is letters, digits, '-', '_' and dots, or an IPv6 literal.
        guard !host.isEmpty, Self.isPlainHost(host) else { return nil }
        url.host = host
        if url.port == (url.scheme == "http" ? 80 : 443) { url.port = nil }
        url.fragment = nil
        if let query = url.query {
            let kept = query.split(separator: "&", omittingEmptySubsequences: true).filter { pair in
                let key = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                return !isTracking(key.removingPercentEncoding ?? key)
            }
            // Sort by key only; the order of repeated keys is kept (a stable sort).
            let sorted = kept.enumerated().sorted { a, b in
                let ka = a.element.split(separator: "=", maxSplits: 1).first ?? ""
                let kb = b.element.split(separator: "=", maxSplits: 1).first ?? ""
                return ka == kb ? a.offset < b.offset : ka < kb
            }.map(\.element)
            url.query = sorted.isEmpty ? nil : sorted.joined(separator: "&")
        }
        // A canonical form is a URL: it must parse again (the fuzzer checks that it does).
        let canonical = url.description
        return WebURL(canonical) == nil ? nil : canonical
    }

    private static func isPlainHost(_ host: String) -> Bool {
        if host.hasPrefix("[") {
            return host.hasSuffix("]")
                && host.utf8.dropFirst().dropLast().allSatisfy { b in
                    (0x30...0x39).contains(b) || (0x61...0x66).contains(b | 0x20) || b == UInt8(ascii: ":")
                        || b == UInt8(ascii: ".")
                }
        }
        return host.utf8.allSatisfy { b in
            (0x30...0x39).contains(b) || (0x61...0x7A).contains(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
                || b == UInt8(ascii: ".")
        }
    }

    func isTracking(_ key: String) -> Bool {
        let lower = key.lowercased()
        for pattern in trackingParameters {
            if pattern.hasSuffix("*") {
                if lower.hasPrefix(pattern.dropLast()) { return true }
            } else if lower == pattern {
                return true
            }
        }
        return false
    }

    /// The regular page of an AMP URL by the common conventions: a trailing or leading `amp`
    /// path segment, `.amp`/`.amp.html` endings, an `amp.` host, and `amp`/`outputType=amp`
    /// parameters. Returns the URL unchanged when it does not look like AMP.
    public func deAMP(_ canonical: String) -> String {
        guard var url = WebURL(canonical) else { return canonical }
        var changed = false
        if url.host.hasPrefix("amp."), url.host.count > 4 {
            url.host = String(url.host.dropFirst(4))
            changed = true
        }
        let path = url.path
        if path.hasSuffix("/amp/") {
            url.path = String(path.dropLast(4))  // "/story/amp/" → "/story/"
        } else if path.hasSuffix("/amp"), path.count > 4 {
            url.path = String(path.dropLast(4))  // "/story/amp" → "/story"
        } else if path.hasPrefix("/amp/") {
            url.path = String(path.dropFirst(4))  // "/amp/story" → "/story"
        } else if path.hasSuffix(".amp.html") {
            url.path = String(path.dropLast(9)) + ".html"
        } else if path.hasSuffix(".amp") {
            url.path = String(path.dropLast(4))
        }
        changed = changed || url.path != path
        if let query = url.query {
            let pairs = query.split(separator: "&", omittingEmptySubsequences: false)
            let kept = pairs.filter { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = (parts.first.map { String($0).removingPercentEncoding ?? String($0) } ?? "").lowercased()
                let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : nil
                return !(name == "amp" || (name == "outputtype" && value?.lowercased() == "amp"))
            }
            if kept.count != pairs.count {
                url.query = kept.isEmpty ? nil : kept.joined(separator: "&")
                changed = true
            }
        }
        return changed ? url.description : canonical
    }

    /// The URL a record is known by: the page's canonical link when it names the same site,
    /// otherwise the fetched URL with AMP conventions undone; always in canonical form.
    public func recordURL(declared: String?, fetched: String) -> String {
        let fetchedCanonical = canonicalize(fetched) ?? fetched
        if let declared, let declaredCanonical = canonicalize(declared),
            let declaredHost = WebURL(declaredCanonical)?.host, let fetchedHost = WebURL(fetchedCanonical)?.host,
            Self.sameSite(declaredHost, fetchedHost)
        {
            return deAMP(declaredCanonical)
        }
        return deAMP(fetchedCanonical)
    }

    /// Hosts are the same site when equal or one is a subdomain of the other ("www.", "amp.", "m.").
    static func sameSite(_ a: String, _ b: String) -> Bool {
        func strip(_ h: String) -> String {
            for prefix in ["www.", "amp.", "m."] where h.hasPrefix(prefix) { return String(h.dropFirst(prefix.count)) }
            return h
        }
        let x = strip(a)
        let y = strip(b)
        return x == y || x.hasSuffix("." + y) || y.hasSuffix("." + x)
    }
}
