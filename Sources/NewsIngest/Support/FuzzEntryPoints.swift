import Foundation

/// Every parser that reads outside input, each behind one entry point taking raw bytes: the
/// surface the libFuzzer harnesses (`Sources/newsingest-fuzz`, `make fuzz`) and the
/// regression inputs under `Tests/Regressions/<target>/` (run by `make test`) share.
///
/// An entry point may throw or return anything for bad input; what it must never do is trap,
/// leak, hang or touch memory it does not own. Errors are swallowed here on purpose.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Bytes and a content type to a record: charset, libxml2, the cleaner, dedupe, normalizer.
    case html
    /// URL canonicalisation and resolution against a base.
    case url
    /// Feeds, sitemaps (plain and gzip), JSON Feed, autodiscovery pages.
    case feed
    /// A WARC file, record by record, and the HTTP responses it archives.
    case warc
    /// gzip inflation with a limit.
    case gzip
    /// robots.txt parsing and matching.
    case robots
    /// Charset detection and decoding.
    case charset
    /// A scraper's text dump (the seed's form).
    case text
    /// The TOML configuration reader.
    case toml

    /// Runs one input through the target.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .html: Self.html(bytes)
        case .url: Self.url(bytes)
        case .feed: _ = try? FeedParser.parseDocument(bytes, url: "https://fuzz.example/feed.xml")
        case .warc: Self.warc(bytes)
        case .gzip: _ = try? Gzip.decompress(bytes, limit: 1 << 20)
        case .robots: Self.robots(bytes)
        case .charset: Self.charset(bytes)
        case .text: Self.text(bytes)
        case .toml: _ = try? Configuration.parse(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Built once: the cleaner compiles the lexicon's rules when it is made. No time budget: a
    /// slow input is a finding (libFuzzer's timeout), not an error to swallow.
    private static let extractor = {
        var extractor = Extractor(maxInputBytes: 4 << 20)
        extractor.maxPageSeconds = 0
        return extractor
    }()

    /// The first line, when it starts with "content-type:", is the response's content type.
    private static func html(_ bytes: [UInt8]) {
        var body = bytes[...]
        var contentType: String?
        if bytes.starts(with: Array("content-type:".utf8)), let newline = bytes.firstIndex(of: 0x0A) {
            contentType = String(decoding: bytes[13..<newline], as: UTF8.self)
            body = bytes[(newline + 1)...]
        }
        guard
            let record = try? extractor.extract(
                bytes: Array(body), format: .html, url: "https://fuzz.example/a/b.html", contentType: contentType)
        else { return }
        _ = try? record.jsonData()
    }

    /// Lines: a URL to parse and canonicalise, then references resolved against it.
    private static func url(_ bytes: [UInt8]) {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first.map(String.init) else { return }
        let canonicalizer = URLCanonicalizer()
        if let canonical = canonicalizer.canonicalize(first) {
            _ = canonicalizer.deAMP(canonical)
            // A canonical form must parse again to itself.
            precondition(canonicalizer.canonicalize(canonical) != nil, "canonical form does not parse: \(canonical)")
        }
        for reference in lines.dropFirst() {
            _ = WebURL.resolveLink(String(reference), against: first)
            _ = canonicalizer.recordURL(declared: String(reference), fetched: first)
        }
        _ = HostQueues.origin(of: first)
        _ = ProxySettings(environment: ["http_proxy": "http://proxy.fuzz:3128", "no_proxy": first]).proxy(for: first)
        _ = HostResolver.spelledAddresses(first)
    }

    private static func warc(_ bytes: [UInt8]) {
        let path = NSTemporaryDirectory() + "newsingest-fuzz-\(getpid()).warc"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let reader = try? WARCReader(path: path, maxRecordBytes: 1 << 20) else { return }
        for _ in 0..<1_000 {
            guard let record = try? reader.next() else { return }
            _ = record.targetURI
            _ = try? ArchivedResponse(block: record.block, maxBodyBytes: 1 << 20)
        }
    }

    /// The first line is the user agent; the rest robots.txt, then paths tried against it.
    private static func robots(_ bytes: [UInt8]) {
        let policy = RobotsPolicy(parsing: bytes, agent: "NewsIngest")
        for line in String(decoding: bytes.prefix(4096), as: UTF8.self).split(separator: "\n").prefix(32) {
            _ = policy.allows("https://fuzz.example" + line)
        }
        _ = policy.crawlDelay
    }

    private static func charset(_ bytes: [UInt8]) {
        let declared = [nil, "text/html; charset=utf-16", "text/html; charset=shift_jis", "text/html; charset=utf-7"]
        for contentType in declared {
            let decision = CharsetDetector.decide(bytes: bytes, contentType: contentType)
            _ = IconvConverter.toUTF8(bytes, from: decision.charset, knownValid: decision.validUTF8)
        }
        _ = CharsetDetector.metaCharset(bytes)
    }

    private static func text(_ bytes: [UInt8]) {
        guard let article = try? extractor.extract(bytes: bytes, format: .text, url: nil) else { return }
        _ = try? article.jsonData()
    }
}
