/// 64-bit FNV-1a: a fast, stable hash (Swift's `Hasher` is seeded per process, so it cannot key
/// anything that is stored or compared across runs).
enum FNV1a {
    static let offset: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x100_0000_01B3

    /// Folds one value into a running hash.
    @inline(__always) static func mix(_ state: UInt64, _ value: UInt64) -> UInt64 { (state ^ value) &* prime }

    /// The hash of bytes, optionally continuing from an earlier state (FNV is sequential: the
    /// hash of a+b continues from the hash of a).
    static func hash<S: Sequence>(_ bytes: S, from start: UInt64 = offset) -> UInt64 where S.Element == UInt8 {
        var h = start
        for byte in bytes { h = mix(h, UInt64(byte)) }
        return h
    }

    /// The hash of a string's UTF-8 bytes, read from its contiguous storage when it has one.
    static func hash(_ text: String.UTF8View, from start: UInt64 = offset) -> UInt64 {
        // Both branches go to the generic loop above (`lazy` keeps the fallback from calling
        // this overload again).
        text.withContiguousStorageIfAvailable { hash($0, from: start) } ?? hash(text.lazy, from: start)
    }
}
