#if canImport(Glibc)
    import Glibc
#endif

/// Byte-level repairs made before libxml2 sees a page, for input that would otherwise cost
/// unbounded time or lose the article. One pass over the bytes; a page that needs neither
/// repair (almost every page) is returned as it came, without a copy.
enum HostileMarkup {
    /// Attributes kept per start tag. libxml2 checks each new attribute against every earlier
    /// one of its tag (quadratic: 40,000 attributes cost 15–21 s); real tags carry a few dozen.
    static let maxAttributesPerTag = 512

    /// The page with NUL bytes turned into spaces (libxml2's HTML parser stops at a NUL in an
    /// attribute or between head elements and the body is lost; browsers read past it), the
    /// attributes of any start tag past ``maxAttributesPerTag`` removed, and `</body>` and
    /// `</html>` end tags that more markup follows removed: a theme's header template that
    /// closes the document early leaves the article after them, where a browser still shows it
    /// (HTML's parser ignores both until the end) and libxml2 drops it.
    static func defuse(_ bytes: [UInt8]) -> [UInt8] {
        var cuts: [Range<Int>] = []
        var documentEnds: [Range<Int>] = []
        var lastStartTag = -1
        var hasNUL = false
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let n = buffer.count
            hasNUL = memchr(base, 0, n) != nil
            var i = 0
            while i < n {
                // Text between tags: memchr's word-at-a-time search, not a loop over each byte.
                i = find(UInt8(ascii: "<"), in: base, from: i, count: n)
                guard i + 1 < n else { break }
                if base[i + 1] == UInt8(ascii: "!"), i + 3 < n, base[i + 2] == UInt8(ascii: "-"),
                    base[i + 3] == UInt8(ascii: "-")
                {
                    i = skip(past: Array("-->".utf8), in: base, from: i + 4, count: n)  // a comment
                    continue
                }
                if base[i + 1] == UInt8(ascii: "/"), let end = documentEndTag(base, from: i, count: n) {
                    documentEnds.append(i..<end)
                    i = end
                    continue
                }
                guard isLetter(base[i + 1]) else {
                    i += 1
                    continue
                }
                lastStartTag = i
                let (end, cut, rawText) = scanStartTag(base, from: i + 1, count: n)
                if let cut { cuts.append(cut) }
                i = end
                // Script and style text is not markup: "a<b" in it opens no tag.
                if let rawText { i = skip(pastEndTag: rawText, in: base, from: i, count: n) }
            }
        }
        // Only the early ones: the document's own last `</body></html>` (only white space or
        // comments after them) stay, and such a page is returned without a copy.
        let early = documentEnds.filter { $0.upperBound <= lastStartTag }
        if !early.isEmpty { cuts = (cuts + early).sorted { $0.lowerBound < $1.lowerBound } }
        guard hasNUL || !cuts.isEmpty else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var position = 0
        for cut in cuts {
            out.append(contentsOf: bytes[position..<cut.lowerBound])
            position = cut.upperBound
        }
        out.append(contentsOf: bytes[position...])
        if hasNUL {
            for index in out.indices where out[index] == 0 { out[index] = 0x20 }
        }
        return out
    }

    @inline(__always) private static func isLetter(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b | 0x20) }

    @inline(__always) private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D
    }

    /// The index past a `</body>` or `</html>` end tag (any case, white space before `>`)
    /// starting at `start`, or nil when the tag there is another.
    private static func documentEndTag(_ p: UnsafePointer<UInt8>, from start: Int, count n: Int) -> Int? {
        // Names made once: this runs at every end tag of the page.
        for name in documentEndNames {
            var i = start + 2
            guard i + name.count <= n, (0..<name.count).allSatisfy({ p[i + $0] | 0x20 == name[$0] }) else { continue }
            i += name.count
            while i < n, isSpace(p[i]) { i += 1 }
            if i < n, p[i] == UInt8(ascii: ">") { return i + 1 }
        }
        return nil
    }

    private static let documentEndNames: [[UInt8]] = [Array("body".utf8), Array("html".utf8)]

    /// Elements whose text the HTML tokenizer does not read as markup, up to their end tag.
    private static let rawTextElements: [[UInt8]] = [
        "script", "style", "textarea", "title", "xmp", "iframe",
        "noembed", "noframes", "noscript",
    ].map { Array($0.utf8) }

    /// The index of the first `byte` from `start`, or `n` when there is none.
    @inline(__always) private static func find(
        _ byte: UInt8, in p: UnsafePointer<UInt8>, from start: Int, count n: Int
    ) -> Int {
        guard start < n, let found = memchr(p + start, Int32(byte), n - start) else { return n }
        return p.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The index just past `marker`, or the end.
    private static func skip(past marker: [UInt8], in p: UnsafePointer<UInt8>, from start: Int, count n: Int) -> Int {
        var i = find(marker[0], in: p, from: start, count: n)
        while i + marker.count <= n {
            if (1..<marker.count).allSatisfy({ p[i + $0] == marker[$0] }) { return i + marker.count }
            i = find(marker[0], in: p, from: i + 1, count: n)
        }
        return n
    }

    /// The index of `</name` (any case) from `start`, or the end.
    private static func skip(
        pastEndTag name: [UInt8], in p: UnsafePointer<UInt8>, from start: Int, count n: Int
    ) -> Int {
        var i = find(UInt8(ascii: "<"), in: p, from: start, count: n)
        while i + 2 + name.count <= n {
            if p[i + 1] == UInt8(ascii: "/"), (0..<name.count).allSatisfy({ p[i + 2 + $0] | 0x20 == name[$0] }) {
                return i
            }
            i = find(UInt8(ascii: "<"), in: p, from: i + 1, count: n)
        }
        return n
    }

    /// Reads a start tag from its name to its `>` the way an HTML tokenizer does (quoted
    /// values may hold `>`). Returns where scanning goes on, the range of attributes to drop
    /// when the tag has too many, and the element's name when its content is raw text. A tag
    /// that never closes is left alone: libxml2 reads it as text.
    private static func scanStartTag(
        _ p: UnsafePointer<UInt8>, from start: Int, count n: Int
    ) -> (end: Int, cut: Range<Int>?, rawText: [UInt8]?) {
        var i = start
        while i < n, !isSpace(p[i]), p[i] != UInt8(ascii: ">"), p[i] != UInt8(ascii: "/") { i += 1 }
        let nameLength = i - start
        let rawText = rawTextElements.first { name in
            name.count == nameLength && (0..<nameLength).allSatisfy { p[start + $0] | 0x20 == name[$0] }
        }
        var attributes = 0
        var cutStart: Int?
        while i < n {
            while i < n, isSpace(p[i]) || p[i] == UInt8(ascii: "/") { i += 1 }
            guard i < n else { break }
            if p[i] == UInt8(ascii: ">") {
                return (i + 1, cutStart.map { $0..<i }, rawText)
            }
            attributes += 1
            if attributes > maxAttributesPerTag, cutStart == nil { cutStart = i }
            // The name: up to white space, '=', '>' or '/'.
            while i < n, !isSpace(p[i]), p[i] != UInt8(ascii: "="), p[i] != UInt8(ascii: ">"),
                p[i] != UInt8(ascii: "/")
            {
                i += 1
            }
            while i < n, isSpace(p[i]) { i += 1 }
            guard i < n, p[i] == UInt8(ascii: "=") else { continue }
            i += 1
            while i < n, isSpace(p[i]) { i += 1 }
            guard i < n else { break }
            let quote = p[i]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                i = find(quote, in: p, from: i + 1, count: n) + 1
            } else {
                while i < n, !isSpace(p[i]), p[i] != UInt8(ascii: ">") { i += 1 }
            }
        }
        return (n, nil, nil)
    }
}
