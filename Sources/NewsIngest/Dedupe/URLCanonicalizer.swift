import Foundation

/// Canonical forms of article URLs, so one article fetched under two spellings is one record.
public enum URLCanonicalizer {
    /// Lowercases scheme and host, drops default ports, fragments and empty queries.
    /// Returns nil for anything that is not an absolute http(s) URL.
    public static func canonicalize(_ string: String) -> String? {
        guard var components = URLComponents(string: string.trimmingCharacters(in: .whitespacesAndNewlines)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { return nil }
        components.scheme = scheme
        components.host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if (scheme == "http" && components.port == 80) || (scheme == "https" && components.port == 443) {
            components.port = nil
        }
        components.fragment = nil
        if components.percentEncodedPath.isEmpty { components.percentEncodedPath = "/" }
        if components.percentEncodedQuery?.isEmpty == true { components.percentEncodedQuery = nil }
        return components.string
    }

    /// The URL a record is known by: the page's canonical link when it names the same site,
    /// otherwise the URL the fetch ended at.
    public static func recordURL(declared: String?, fetched: String) -> String {
        let fetchedCanonical = canonicalize(fetched) ?? fetched
        guard let declared, let declaredCanonical = canonicalize(declared),
            let declaredHost = URL(string: declaredCanonical)?.host, let fetchedHost = URL(string: fetchedCanonical)?.host,
            sameSite(declaredHost, fetchedHost)
        else { return fetchedCanonical }
        return declaredCanonical
    }

    /// Hosts are the same site when equal or one is a subdomain of the other ("www.").
    static func sameSite(_ a: String, _ b: String) -> Bool {
        let x = a.hasPrefix("www.") ? String(a.dropFirst(4)) : a
        let y = b.hasPrefix("www.") ? String(b.dropFirst(4)) : b
        return x == y || x.hasSuffix("." + y) || y.hasSuffix("." + x)
    }
}
