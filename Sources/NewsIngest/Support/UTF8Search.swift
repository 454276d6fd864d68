/// Whether a string's UTF-8 holds a byte sequence: a quick test before Foundation's string
/// search, which costs some 10,000–20,000 instructions a call even when nothing is found
/// (callgrind, 2026-12-07). A guard only: the search that finds the range stays Foundation's,
/// so what is found does not change where the bytes are there.
enum UTF8Search {
    static func contains(_ needle: [UInt8], in haystack: String) -> Bool {
        guard let first = needle.first else { return true }
        var text = haystack
        return text.withUTF8 { bytes in
            guard bytes.count >= needle.count else { return false }
            var i = 0
            let last = bytes.count - needle.count
            while i <= last {
                if bytes[i] == first {
                    var j = 1
                    while j < needle.count, bytes[i + j] == needle[j] { j += 1 }
                    if j == needle.count { return true }
                }
                i += 1
            }
            return false
        }
    }

    static func contains(_ needle: String, in haystack: String) -> Bool {
        contains(Array(needle.utf8), in: haystack)
    }
}
