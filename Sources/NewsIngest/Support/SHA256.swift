import CCrypto

/// SHA-256 from the system's OpenSSL `libcrypto` (one `EVP_Digest` call, no state kept).
enum SHA256 {
    static let byteCount = 32

    /// The 32-byte digest of `bytes`.
    static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        var length: UInt32 = 0
        let status = digest.withUnsafeMutableBufferPointer { out in
            bytes.withContiguousStorageIfAvailable { input in
                EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, EVP_sha256(), nil)
            }
                ?? Array(bytes).withUnsafeBufferPointer { input in
                    EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, EVP_sha256(), nil)
                }
        }
        // EVP_Digest fails only when the library cannot allocate its context; a digest of zeros
        // would silently merge records, so this is a fatal condition like any failed allocation.
        precondition(status == 1 && length == UInt32(byteCount), "OpenSSL EVP_Digest(SHA-256) failed")
        return digest
    }

    /// The digest as 64 lowercase hex digits.
    static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(2 * byteCount)
        for byte in digest(bytes) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
