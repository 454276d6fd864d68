import Foundation

/// How `extract` reads its input.
public enum InputFormat: String, Sendable, CaseIterable {
    case html, text
}

/// Cleans, deduplicates and normalizes saved pages without fetching: the same steps as a run
/// (``Pipeline/steps(reading:workers:dedupe:siteMemory:normalizer:)``), one page at a time on
/// the calling thread, into memory instead of the spool.
///
/// What differs from a run, and why: every page stands on its own (the site-boilerplate step
/// has no memory of a site's other pages, so a batch's output does not depend on its order or
/// its workers), and a page without an article still gives a record, with an empty body and
/// `no_content` saying why, where a run reports the page and delivers nothing.
public struct Extractor: Sendable {
    /// CPU seconds a page may take (all steps together) before it fails with
    /// ``PageBudget/Exceeded``; 0 means no limit.
    public var maxPageSeconds = Configuration.PipelineSettings().maxPageSeconds
    public var languageHint: String?
    private let html: StageChain<FetchedPage, NormalizedPage>
    private let text: StageChain<FetchedPage, NormalizedPage>

    public init(
        defaultTimezone: TimeZone = TimeZone(identifier: "UTC")!, languageHint: String? = nil,
        dedupe: Configuration.DedupeSettings = Configuration.DedupeSettings(), lexicon: Lexicon = .bundled,
        maxInputBytes: Int = HTMLCleaner.defaultMaxInputBytes
    ) {
        let identifier = ArticleIdentifier(
            canonicalizer: URLCanonicalizer(trackingParameters: dedupe.trackingParameters))
        let normalizer = Normalizer(defaultTimezone: defaultTimezone, lexicon: lexicon)
        func steps<Reader: PipelineStage>(_ reader: Reader) -> StageChain<FetchedPage, NormalizedPage>
        where Reader.Input == FetchedPage, Reader.Output == CleanedPage {
            Pipeline.steps(
                reading: reader, workers: Pipeline.Workers(), dedupe: dedupe, siteMemory: NoSiteMemory(),
                normalizer: normalizer)
        }
        html = steps(
            CleanStep(cleaner: HTMLCleaner(maxInputBytes: maxInputBytes, lexicon: lexicon), identifier: identifier))
        text = steps(TextParseStep(parser: TextArticleParser(lexicon: lexicon), identifier: identifier))
        self.languageHint = languageHint
    }

    /// One document to one record. HTML that cannot be read throws; HTML without an article
    /// gives a record with an empty body (and `no_content`).
    public func extract(
        bytes: [UInt8], format: InputFormat, url: String?, contentType: String? = nil, fetchedAt: Date = Date()
    ) throws -> ArticleRecord {
        let context = PageContext(
            source: nil, requestURL: url ?? "", finalURL: url ?? "", languageHint: languageHint, fetchedAt: fetchedAt)
        let page = FetchedPage(context: context, contentType: contentType, body: bytes)
        do {
            return try PageBudget.run(seconds: maxPageSeconds) {
                try (format == .html ? html : text).process(page).record
            }
        } catch let error as ArticleError {
            // A caller of `extract` asked for one page: the cause is the whole story.
            throw error.cause ?? error
        }
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
                    try Self.writeWhole(json, to: outputDirectory + "/" + stem + ".json")
                    let text = record.text.isEmpty ? "" : record.text + "\n"
                    try Self.writeWhole(Data(text.utf8), to: outputDirectory + "/" + stem + ".txt")
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

extension Extractor {
    /// An output file of `extract --input-dir` that could not be written.
    struct OutputError: Error, CustomStringConvertible {
        let path: String
        let operation: String
        let errno: Errno
        var description: String { "\(operation) \(path): \(errno)" }
    }

    /// Writes a file whole or not at all (a temporary name, then a rename), without `fsync`: a
    /// batch's files are rewritten by running it again, and a flush per file was a tenth of its
    /// time. Records that must survive a crash go to the spool, which syncs each one.
    static func writeWhole(_ data: Data, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = directory + "/." + (path as NSString).lastPathComponent + ".tmp"
        let fd = try SystemCall.check(
            { open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) },
            orThrow: { OutputError(path: temporary, operation: "open", errno: $0) })
        do {
            try SystemCall.writeAll(data, to: fd) { OutputError(path: temporary, operation: "write", errno: $0) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        _ = try SystemCall.check(
            { rename(temporary, path) }, orThrow: { OutputError(path: path, operation: "rename", errno: $0) })
    }
}

/// The site memory of a page that stands on its own: it has seen no other page of its site.
private struct NoSiteMemory: BoilerplateMemory {
    func boilerplateCounts(host: String, keys: [Int64], excluding articleID: String) throws -> [Int64: Int] { [:] }
    func learnBoilerplate(host: String, keys: [Int64], articleID: String, cap: Int, maxPerHost: Int) throws {}
}
