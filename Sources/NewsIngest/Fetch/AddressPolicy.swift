import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An IPv4 or IPv6 address as 16 bytes (IPv4 as IPv4-mapped IPv6).
public struct IPAddress: Sendable, Equatable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + withUnsafeBytes(of: v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: v6) { Array($0) }
        } else {
            return nil
        }
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Reads a `sockaddr_in`/`sockaddr_in6` of the given family.
    init?(sockaddr pointer: UnsafeRawPointer, family: Int32) {
        if family == AF_INET {
            let address = pointer.loadUnaligned(as: sockaddr_in.self)
            bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + withUnsafeBytes(of: address.sin_addr) { Array($0) }
        } else if family == AF_INET6 {
            let address = pointer.loadUnaligned(as: sockaddr_in6.self)
            bytes = withUnsafeBytes(of: address.sin6_addr) { Array($0) }
        } else {
            return nil
        }
    }

    /// The IPv4 address inside an IPv4-mapped, IPv4-compatible (deprecated "::127.0.0.1") or
    /// NAT64 (64:ff9b::/96) IPv6 address; `::` and `::1` are not IPv4.
    var embeddedIPv4: [UInt8]? {
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return Array(bytes[12..<16]) }
        if bytes[0..<12].allSatisfy({ $0 == 0 }), bytes[12..<15].contains(where: { $0 != 0 }) {
            return Array(bytes[12..<16])
        }
        if bytes[0] == 0x00, bytes[1] == 0x64, bytes[2] == 0xFF, bytes[3] == 0x9B, bytes[4..<12].allSatisfy({ $0 == 0 })
        {
            return Array(bytes[12..<16])
        }
        return nil
    }

    public var description: String {
        if let v4 = embeddedIPv4, bytes[10] == 0xFF { return v4.map(String.init).joined(separator: ".") }
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: bytes) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Why the address is not a public unicast address, or nil when it is.
    public var nonPublicReason: String? {
        if let v4 = embeddedIPv4 {
            switch (v4[0], v4[1]) {
            case (0, _): return "unspecified or 'this network' (0.0.0.0/8)"
            case (10, _): return "private (10.0.0.0/8)"
            case (100, 64...127): return "carrier-grade NAT (100.64.0.0/10)"
            case (127, _): return "loopback (127.0.0.0/8)"
            case (169, 254): return "link-local, cloud metadata (169.254.0.0/16)"
            case (172, 16...31): return "private (172.16.0.0/12)"
            case (192, 168): return "private (192.168.0.0/16)"
            case (192, 0) where v4[2] == 0: return "IETF protocol assignments (192.0.0.0/24)"
            case (198, 18...19): return "benchmarking (198.18.0.0/15)"
            case (224...239, _): return "multicast (224.0.0.0/4)"
            case (240...255, _): return "reserved or broadcast (240.0.0.0/4)"
            default: return nil
            }
        }
        if bytes.allSatisfy({ $0 == 0 }) { return "unspecified (::)" }
        if bytes[0..<15].allSatisfy({ $0 == 0 }), bytes[15] == 1 { return "loopback (::1)" }
        if bytes[0] & 0xFE == 0xFC { return "unique local (fc00::/7)" }
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return "link-local (fe80::/10)" }
        if bytes[0] == 0xFF { return "multicast (ff00::/8)" }
        return nil
    }
}

/// The SSRF guard: which addresses the fetcher may connect to.
///
/// Every connection's resolved address is checked when the socket is opened, so the rule
/// holds whatever the URL spelled (decimal or hex IPv4, IPv4-mapped IPv6), after redirects, and
/// after DNS rebinding. Loopback, private, link-local (cloud metadata), CGNAT, unique-local,
/// multicast and unspecified addresses are refused unless an allow-list entry covers them.
public struct AddressPolicy: Sendable, Equatable {
    /// Allowed networks: (address, prefix length in bits of the 128-bit form).
    public private(set) var allowed: [(IPAddress, Int)]

    public static func == (a: AddressPolicy, b: AddressPolicy) -> Bool {
        a.allowed.count == b.allowed.count && zip(a.allowed, b.allowed).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    /// Entries like "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8". Nil for an entry that is not one.
    public init?(allow entries: [String]) {
        var allowed: [(IPAddress, Int)] = []
        for entry in entries {
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            guard let address = IPAddress(parts[0]) else { return nil }
            let isV4 = address.embeddedIPv4 != nil && parts[0].contains(".")
            var prefix = 128
            if parts.count == 2 {
                guard let bits = Int(parts[1]), bits >= 0, bits <= (isV4 ? 32 : 128) else { return nil }
                prefix = isV4 ? 96 + bits : bits
            }
            allowed.append((address, prefix))
        }
        self.allowed = allowed
    }

    /// Nil when the fetcher may connect; otherwise why not.
    public func refusal(for address: IPAddress) -> String? {
        guard let reason = address.nonPublicReason else { return nil }
        for (network, prefix) in allowed where Self.matches(address, network, prefix) { return nil }
        return "\(address) is \(reason)"
    }

    static func matches(_ address: IPAddress, _ network: IPAddress, _ prefix: Int) -> Bool {
        var remaining = prefix
        for i in 0..<16 where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if address.bytes[i] & mask != network.bytes[i] & mask { return false }
            remaining -= bits
        }
        return true
    }
}
