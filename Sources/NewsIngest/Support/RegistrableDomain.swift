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

    /// Whether a text is a domain name written out ("davidbau.com", "www.example.co.uk"): ASCII
    /// labels of letters, digits and hyphens, the last of them a suffix the list knows (a TLD
    /// such as "com", not any word after a dot: "Node.js" is no domain).
    public static func isDomainName(_ text: String) -> Bool {
        // Most texts asked about are headlines: too long, or with a space, for a domain.
        guard text.utf8.count <= 253, !text.utf8.contains(UInt8(ascii: " ")), text.utf8.contains(UInt8(ascii: "."))
        else { return false }
        let lowered = text.lowercased()
        let labels = lowered.split(separator: ".", omittingEmptySubsequences: false)
        func isLabelByte(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
        }
        guard labels.count >= 2, let list,
            labels.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(isLabelByte) }), let last = labels.last
        else { return false }
        return String(last).withCString { pointer in
            psl_is_public_suffix2(list, pointer, Int32(PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE)) != 0
        }
    }

    /// The registrable domain of a URL's host; nil when the URL does not parse.
    public static func of(url: String) -> String? {
        WebURL(url).map { of(host: $0.host) }
    }
}
