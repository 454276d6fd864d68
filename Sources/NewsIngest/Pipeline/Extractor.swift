import Foundation

/// How `extract` reads its input.
public enum InputFormat: String, Sendable, CaseIterable {
    case html, text
}

/// Cleans, deduplicates and normalizes saved pages without fetching: the same stages as a run.
public struct Extractor: Sendable {
    public var cleaner: HTMLCleaner
    /// Reads scraper dumps (`--format text`).
    public var textParser: TextArticleParser
    public var deduplicator = ParagraphDeduplicator()
    /// Finds the article's identity after cleaning, as a run does.
    public var identifier: ArticleIdentifier
    public var normalizer: Normalizer
    public var languageHint: String?
    /// CPU seconds a page may take (cleaning, dedupe and normalising together) before it fails
    /// with ``PageBudget/Exceeded``; 0 means no limit.
    public var maxPageSeconds = Configuration.PipelineSettings().maxPageSeconds

    public init(
        defaultTimezone: TimeZone = TimeZone(identifier: "UTC")!, languageHint: String? = nil,
        dedupe: Configuration.DedupeSettings = Configuration.DedupeSettings(), lexicon: Lexicon = .bundled
    ) {
        cleaner = HTMLCleaner(lexicon: lexicon)
        textParser = TextArticleParser(lexicon: lexicon)
        identifier = ArticleIdentifier(canonicalizer: URLCanonicalizer(trackingParameters: dedupe.trackingParameters))
        normalizer = Normalizer(defaultTimezone: defaultTimezone, lexicon: lexicon)
        deduplicator = ParagraphDeduplicator(dedupe)
        self.languageHint = languageHint
    }

    /// One document to one record. HTML that cannot be read throws; HTML without an article
    /// gives a record with an empty body.
    public func extract(bytes: [UInt8], format: InputFormat, url: String?, fetchedAt: Date = Date()) throws
        -> ArticleRecord
    {
        try PageBudget.run(seconds: maxPageSeconds) {
            try extractUnbounded(bytes: bytes, format: format, url: url, fetchedAt: fetchedAt)
        }
    }

    private func extractUnbounded(
        bytes: [UInt8], format: InputFormat, url: String?, fetchedAt: Date
    ) throws -> ArticleRecord {
        var article: CleanedArticle
        switch format {
        case .html:
            article = try cleaner.clean(bytes: bytes, url: url)
        case .text:
            guard
                let text = String(validating: bytes, as: UTF8.self)
                    ?? IconvConverter.toUTF8(
                        bytes, from: CharsetDetector.decide(bytes: bytes, contentType: nil).charset
                    ).map({ String(decoding: $0, as: UTF8.self) })
            else {
                throw CleanError(reason: .charset, url: url, detail: "the text is not in a charset we can read")
            }
            article = textParser.parse(text, url: url)
        }
        article.url = url
        article.finalURL = url
        let identity = identifier.identify(article)
        article = deduplicator.deduplicate(article)
        return normalizer.normalize(
            article, identity: identity, source: nil, languageHint: languageHint, fetchedAt: fetchedAt)
    }

    /// The outcome of a batch over a directory.
    public struct BatchResult: Sendable {
        public var files = 0
        public var written = 0
        public var empty = 0
        public var failed: [String: String] = [:]
        public var seconds = 0.0
    }

    /// For every `*.html` directly in `inputDirectory` (symlinks followed) writes
    /// `<name>.json` (the record) and `<name>.txt` (the body, paragraphs separated by one blank
    /// line) into `outputDirectory`, using `workers` threads.
    public func extractDirectory(_ inputDirectory: String, to outputDirectory: String, workers: Int) throws
        -> BatchResult
    {
        let fm = FileManager.default
        try fm.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        let names = try fm.contentsOfDirectory(atPath: inputDirectory).filter { $0.hasSuffix(".html") }.sorted()
        var initial = BatchResult()
        initial.files = names.count
        let result = Locked(initial)
        let start = Date()
        let next = Counter()
        let threads = max(1, min(workers, names.count))
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while true {
                let index = next.next() - 1
                guard index < names.count else { return }
                let name = names[index]
                let stem = String(name.dropLast(5))
                let path = inputDirectory + "/" + name
                do {
                    let data = try Data(contentsOf: URL(fileURLWithPath: path).resolvingSymlinksInPath())
                    let record = try extract(bytes: [UInt8](data), format: .html, url: nil)
                    var json = try record.jsonData()
                    json.append(0x0A)
                    try json.write(to: URL(fileURLWithPath: outputDirectory + "/" + stem + ".json"), options: .atomic)
                    let text = record.text.isEmpty ? "" : record.text + "\n"
                    try Data(text.utf8).write(
                        to: URL(fileURLWithPath: outputDirectory + "/" + stem + ".txt"), options: .atomic)
                    result.withLock {
                        $0.written += 1
                        if record.text.isEmpty { $0.empty += 1 }
                    }
                } catch {
                    result.withLock { $0.failed[name] = "\(error)" }
                }
            }
        }
        var final = result.current
        final.seconds = Date().timeIntervalSince(start)
        return final
    }
}
