import CPSL

/// The registrable domain of a host ("bbc.co.uk" for www.bbc.co.uk, "example.com" for
/// a.b.example.com), by the Public Suffix List libpsl carries built in: what a site is, for
/// sharding (every host of one site on one shard, so politeness and robots.txt caching hold).
/// A host without one (an address, a bare public suffix) is its own.
public enum RegistrableDomain {
    /// libpsl's built-in list: a static table, never freed (`psl_builtin` owns it).
    nonisolated(unsafe) private static let list = psl_builtin()

    public static func of(host: String) -> String {
        let lowered = host.lowercased()
        guard !lowered.isEmpty, let list else { return lowered }
        // The result points into the string passed in: copied before that string goes.
        return lowered.withCString { pointer in
            psl_registrable_domain(list, pointer).map { String(cString: $0) } ?? lowered
        }
    }

    /// The registrable domain of a URL's host; nil when the URL does not parse.
    public static func of(url: String) -> String? {
        WebURL(url).map { of(host: $0.host) }
    }
}
