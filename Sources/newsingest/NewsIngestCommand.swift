import ArgumentParser
import Foundation
import Logging
import NewsIngest

@main
struct NewsIngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsingest",
        abstract: "Fetch news articles, clean them and write clean records into a maildir spool.",
        discussion: """
            Exit codes: 0 all fine; 1 some feeds or articles failed (logged, counted); 64 usage error;
            65 unreadable input; 74 spool or state not writable; 75 another run holds the lock;
            78 invalid configuration; 130 interrupted (SIGINT/SIGTERM).
            """,
        version: "newsingest \(NewsIngestVersion.current)",
        subcommands: [
            RunCommand.self, BackfillCommand.self, DeliverCommand.self, ExtractCommand.self, SpoolCommand.self,
            StatsCommand.self, StateCommand.self, ConfigCommand.self,
        ])
}

/// Options every command that logs shares.
struct LoggingOptions: ParsableArguments {
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "notice"

    @Option(
        name: .long,
        help: "text or json (one JSON object per line); default: text on a terminal, json otherwise.")
    var logFormat: String?

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        if let logFormat, !["text", "json"].contains(logFormat) {
            throw ValidationError("--log-format must be text or json")
        }
    }

    func bootstrap() throws -> Logger {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        // journald, Loki and log files read JSON; a person at a terminal reads text.
        let json = (logFormat ?? (isatty(STDERR_FILENO) == 1 ? "text" : "json")) == "json"
        LoggingSystem.bootstrap { label in
            if json {
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "newsingest")
    }
}

/// Loads the configuration or exits with 78. `forRun`: with what `run` requires of it.
func loadConfiguration(_ path: String, forRun: Bool = false) throws -> Configuration {
    do {
        let configuration = try Configuration.load(path: path)
        if forRun { try configuration.validateForRun(file: path) }
        return configuration
    } catch {
        printError("config error: \(error)")
        throw ExitCode(ExitStatus.configError.rawValue)
    }
}

/// Why an input file cannot be read ("no such file", "is a directory", ...), nil when it can:
/// every command names the same problems the same way and exits 65 for them.
func unreadableInput(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return String(cString: strerror(errno)).lowercased() }
    if info.st_mode & S_IFMT == S_IFDIR { return "is a directory, not a file" }
    guard access(path, R_OK) == 0 else { return String(cString: strerror(errno)).lowercased() }
    return nil
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// SIGINT/SIGTERM: the first one asks the run to stop taking work and drain; a second one
/// exits at once (records in `new/` are complete either way: they arrive by rename).
final class SignalTrap: Sendable {
    let cancellation = CancellationFlag()
    private let sources: Locked<[DispatchSourceSignal]> = Locked([])

    init(logger: Logger) {
        let queue = DispatchQueue(label: "newsingest.signals")
        var installed: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            let cancellation = self.cancellation
            source.setEventHandler {
                if cancellation.isCancelled {
                    printError("newsingest: second signal, exiting now")
                    exit(ExitStatus.interrupted.rawValue)
                }
                logger.notice(
                    "signal received: finishing articles in flight, starting no new ones",
                    metadata: ["signal": "\(number)"])
                cancellation.cancel()
            }
            source.resume()
            installed.append(source)
        }
        sources.withLock { $0 = installed }
    }
}

/// Takes the state directory's run lock, or exits: 75 while another run holds it, 74 when it
/// cannot be taken.
func acquireRunLock(_ config: Configuration, shard: Shard? = nil) throws -> RunExclusion {
    do {
        return try RunExclusion(config.run, shard: shard)
    } catch let error as LockHeldError {
        printError("newsingest: \(error)")
        throw ExitCode(ExitStatus.lockHeld.rawValue)
    } catch {
        printError("newsingest: \(error)")
        throw ExitCode(ExitStatus.ioError.rawValue)
    }
}

/// Opens lock, state and spool for a run, mapping each failure to its exit code.
func openRunResources(
    _ config: Configuration, logger: Logger, retryQuarantined: Bool = false, shard: Shard? = nil
) throws -> (RunExclusion, Pipeline, any PipelineState) {
    let lock = try acquireRunLock(config, shard: shard)
    do {
        let state = try StateLocation.open(config.run)
        let spool = try SpoolWriter(directory: config.run.spoolDir)
        spool.cleanTmp()
        let pipeline = Pipeline(
            configuration: config, state: state, spool: spool, logger: logger, retryQuarantined: retryQuarantined)
        return (lock, pipeline, state)
    } catch {
        printError("newsingest: \(error)")
        throw ExitCode(ExitStatus.ioError.rawValue)
    }
}

/// Runs one job of the pipeline under the state lock with signals trapped, prints the summary,
/// delivers to the sinks when asked, leaves its history and metrics (``RunBook``) and exits with
/// the code it means.
func execute(
    _ configuration: Configuration, command: String, logger: Logger, retryQuarantined: Bool,
    shard: Shard? = nil, deliverAfter: Bool = false, job: (Pipeline, CancellationFlag) throws -> RunSummary
) throws {
    let started = Date()
    let (lock, pipeline, state) = try openRunResources(
        configuration, logger: logger, retryQuarantined: retryQuarantined, shard: shard)
    defer { withExtendedLifetime(lock) {} }
    let trap = SignalTrap(logger: logger)
    let book = RunBook(configuration: configuration, state: state, logger: logger)
    let summary: RunSummary
    do {
        summary = try job(pipeline, trap.cancellation)
    } catch {
        printError("newsingest: \(error)")
        book.close(command: command, started: started, exitCode: .ioError, summary: nil, delivery: nil)
        throw ExitCode(ExitStatus.ioError.rawValue)
    }
    logOutcomes(summary, logger: logger)
    print(summary.line + " spool=\(configuration.run.spoolDir)/new")
    var code = summary.exitCode
    var delivery: DeliverySummary?
    // An interrupted run delivers nothing more: the operator asked it to stop.
    if deliverAfter, !configuration.sinks.isEmpty, code != .interrupted {
        let delivered = deliver(
            configuration, sinks: configuration.sinks, logger: logger, cancellation: trap.cancellation)
        delivery = delivered.summary
        if delivered.code == .ioError || (delivered.code != .success && code == .success) { code = delivered.code }
    }
    if command == "run" { book.applyRetention() }
    book.close(command: command, started: started, exitCode: code, summary: summary, delivery: delivery)
    if code != .success { throw ExitCode(code.rawValue) }
}

/// The failure and skip counts by reason, one log line each.
func logOutcomes(_ summary: RunSummary, logger: Logger) {
    for (reason, count) in summary.failureReasons.sorted(by: { $0.key < $1.key }) {
        logger.notice("failures", metadata: ["reason": "\(reason)", "count": "\(count)"])
    }
    for (reason, count) in summary.skipReasons.sorted(by: { $0.key < $1.key }) {
        logger.notice("skipped", metadata: ["reason": "\(reason)", "count": "\(count)"])
    }
}

/// Delivers the spool into `sinks`, prints the summary line and returns its exit status (and
/// the counts, when delivery could start).
func deliver(
    _ configuration: Configuration, sinks configs: [SinkConfig], logger: Logger, cancellation: CancellationFlag?
) -> (code: ExitStatus, summary: DeliverySummary?) {
    let consumer: SpoolConsumer
    let sinks: [any RecordSink]
    do {
        consumer = try SpoolConsumer(directory: configuration.run.spoolDir)
        sinks = try configs.map { try $0.makeSink() }
    } catch {
        printError("newsingest: \(error)")
        return (.ioError, nil)
    }
    let batch = configs.map(\.batchSize).min() ?? SinkConfig.defaultBatchSize
    let summary = SinkDelivery(consumer: consumer, sinks: sinks, batchSize: batch, logger: logger)
        .drain(cancellation: cancellation)
    let backlog = consumer.backlog()
    print(summary.line + " backlog=\(backlog.count)")
    return (summary.exitCode, summary)
}

/// `--shard K/N` or `--shards N`, for the jobs that can be split over workers by site.
struct ShardOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "This worker's shard: K/N with K from 0; sites are split by registrable domain.")
    var shard: String?

    @Option(
        name: .long,
        help: "N shards, this worker's named by JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID (without --shard).")
    var shards: Int?

    func validate() throws {
        if let shard, Shard(shard) == nil { throw ValidationError("--shard must be K/N with 0 <= K < N") }
        if shard != nil, shards != nil { throw ValidationError("give --shard K/N or --shards N, not both") }
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1") }
    }

    /// The shard, or nil when the job is not split; exits 64 when `--shards` finds no index.
    func resolve() throws -> Shard? {
        if let shard { return Shard(shard) }
        guard let shards else { return nil }
        guard let found = Shard.fromEnvironment(ProcessInfo.processInfo.environment, count: shards) else {
            printError(
                "newsingest: --shards \(shards): JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID must name a shard "
                    + "from 0 to \(shards - 1)")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        return found
    }
}

/// The entries of a list file (`backfill --urls`, `--warc-list`): one per line, trimmed, blank
/// lines and '#' comments left out. Exits 65 when the file cannot be read.
func listEntries(_ path: String) throws -> [String] {
    if let problem = unreadableInput(path) {
        printError("newsingest: cannot read \(path): \(problem)")
        throw ExitCode(ExitStatus.dataError.rawValue)
    }
    let text: String
    do {
        text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
        printError("newsingest: cannot read \(path): \(error.localizedDescription)")
        throw ExitCode(ExitStatus.dataError.rawValue)
    }
    return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty && !$0.hasPrefix("#") }
}

/// `--retry-quarantined`, for the commands that fetch.
struct QuarantineOptions: ParsableArguments {
    @Flag(
        name: .long,
        help: "Process articles again that took down earlier runs (skipped as 'crashed' after 2 such crashes).")
    var retryQuarantined = false
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "One cron run over the configured sources (never two at once per state directory).")

    @Option(name: .long, help: "The TOML configuration file.")
    var config: String

    @Option(name: .long, help: "Only this source (its id; repeatable).")
    var source: [String] = []

    @Flag(name: .long, help: "Discover only: print the article URLs a run would fetch (source, URL), fetch none.")
    var dryRun = false

    @OptionGroup var sharding: ShardOptions

    @OptionGroup var logging: LoggingOptions

    @OptionGroup var quarantine: QuarantineOptions

    func run() throws {
        let logger = try logging.bootstrap()
        var configuration = try loadConfiguration(config, forRun: true)
        let shard = try sharding.resolve()
        configuration.run.separate(for: shard)
        if let shard {
            // A source belongs to the shard of its first feed's (sitemap's, home page's) site.
            // Articles its feeds list on other sites are fetched by this shard too.
            configuration.sources = configuration.sources.filter { source in
                source.discoveryURLs.first.map { shard.owns(url: $0) } ?? (shard.index == 0)
            }
            logger.notice(
                "shard", metadata: ["shard": "\(shard)", "sources": "\(configuration.sources.count)"])
        }
        if !source.isEmpty {
            let known = Set(configuration.sources.map(\.id))
            if let unknown = source.first(where: { !known.contains($0) }) {
                printError("newsingest: --source \(unknown): no source with this id in \(config)")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            configuration.sources = configuration.sources.filter { source.contains($0.id) }
        }
        if dryRun {
            try discoverOnly(configuration, logger: logger, shard: shard)
            return
        }
        let retry = quarantine.retryQuarantined
        try execute(
            configuration, command: "run", logger: logger, retryQuarantined: retry, shard: shard, deliverAfter: true
        ) {
            pipeline, cancellation in try pipeline.run(cancellation: cancellation)
        }
    }

    /// `--dry-run`: the sources' feeds and sitemaps are read (robots.txt obeyed, under the run
    /// lock), nothing else: no article is fetched, no record written, no history or metrics.
    private func discoverOnly(_ configuration: Configuration, logger: Logger, shard: Shard?) throws {
        let (lock, pipeline, _) = try openRunResources(configuration, logger: logger, shard: shard)
        defer { withExtendedLifetime(lock) {} }
        let counter = SummaryCounterHandle()
        let requests: [ArticleRequest]
        do {
            requests = try pipeline.discover(sources: configuration.sources, counter: counter, conditional: true)
        } catch {
            printError("newsingest: \(error)")
            throw ExitCode(ExitStatus.ioError.rawValue)
        }
        for request in requests { print("\(request.source?.id ?? "-")\t\(request.url)") }
        let summary = counter.value
        print("feeds=\(summary.feeds) feeds_failed=\(summary.feedsFailed) discovered=\(summary.discovered) dry_run=yes")
        if summary.exitCode != .success { throw ExitCode(summary.exitCode.rawValue) }
    }
}

struct BackfillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Process a URL list, sitemaps or WARC archives into the same spool; resumable.",
        discussion: """
            Exactly one of --urls, --sitemap and --warc (or --warc-list). Progress is checkpointed in the state
            database: the same command started again (same arguments) continues where it stopped
            and writes no record twice. A finished job does nothing unless --restart is given.
            On a terminal a live progress line is drawn; otherwise a progress line is logged
            every --progress-interval seconds.
            """)

    @Option(name: .long, help: "A file with one article URL per line ('#' starts a comment).")
    var urls: String?

    @Option(name: .long, help: "A sitemap, sitemap index or Google News sitemap URL (repeatable; .xml.gz too).")
    var sitemap: [String] = []

    @Option(name: .long, help: "With --sitemap: only entries dated on or after this (2026-11-01 or a timestamp).")
    var since: String?

    @Option(name: .long, help: "With --sitemap: only entries dated on or before this (a date includes its whole day).")
    var until: String?

    @Option(
        name: .long, parsing: .upToNextOption,
        help: "WARC 1.0/1.1 files (plain or per-record gzip): their HTML responses, no fetching.")
    var warc: [String] = []

    @Option(
        name: .long,
        help: "A file naming WARC files, one per line ('#' starts a comment); with a shard, every N-th is this one's.")
    var warcList: String?

    @Option(name: .long, help: "The TOML configuration file.")
    var config: String

    @Option(name: .long, help: "Source id to attribute the articles to (its language hint and time zone apply).")
    var source: String?

    @Flag(name: .long, help: "Forget what earlier runs of this same backfill did and start from the beginning.")
    var restart = false

    @Option(name: .long, help: "Seconds between progress log lines when not on a terminal.")
    var progressInterval: Double = 30

    @OptionGroup var sharding: ShardOptions

    @OptionGroup var logging: LoggingOptions

    @OptionGroup var quarantine: QuarantineOptions

    func validate() throws {
        let modes = [urls != nil, !sitemap.isEmpty, !warc.isEmpty || warcList != nil].filter { $0 }.count
        guard modes == 1 else {
            throw ValidationError("give exactly one of --urls, --sitemap and --warc (or --warc-list)")
        }
        if since != nil || until != nil {
            guard !sitemap.isEmpty else { throw ValidationError("--since and --until go with --sitemap") }
        }
        if let since, DateWindow.parseBound(since, endOfDay: false) == nil {
            throw ValidationError("--since: not a date: \(since)")
        }
        if let until, DateWindow.parseBound(until, endOfDay: true) == nil {
            throw ValidationError("--until: not a date: \(until)")
        }
        guard progressInterval > 0 else { throw ValidationError("--progress-interval must be above 0") }
    }

    func run() throws {
        let logger = try logging.bootstrap()
        var configuration = try loadConfiguration(config)
        var sourceConfig: SourceConfig?
        if let source {
            guard let found = configuration.sources.first(where: { $0.id == source }) else {
                printError("newsingest: no source with id '\(source)' in \(config)")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            sourceConfig = found
        }
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: cwd).appendingPathComponent(path).standardizedFileURL.path
        }
        let shard = try sharding.resolve()
        configuration.run.separate(for: shard)
        var archives = warc
        if let warcList { archives += try listEntries(warcList) }
        // With a shard, every N-th archive is this worker's (a lost worker's files are taken by
        // its rerun: the checkpoint is per file and record).
        if let shard { archives = archives.enumerated().filter { shard.owns(position: $0.offset) }.map(\.element) }
        var job: String
        var requests: [ArticleRequest] = []
        for path in archives + [urls].compactMap({ $0 }) {
            if let problem = unreadableInput(path) {
                printError("newsingest: cannot read \(path): \(problem)")
                throw ExitCode(ExitStatus.dataError.rawValue)
            }
        }
        if let urls {
            var seen = Set<String>()
            requests = try listEntries(urls).filter { seen.insert($0).inserted }
                .map { ArticleRequest(url: $0, source: sourceConfig) }
            // The job is what the list holds, not where it lies: a URL added to a finished list
            // makes a new job (what the old one wrote comes back unchanged), and a list moved
            // elsewhere resumes where it stopped.
            if let shard { requests = requests.filter { shard.owns(url: $0.url) } }
            job = BackfillCheckpoint.urlListJob(requests.map(\.url))
        } else if !sitemap.isEmpty {
            job = "sitemap \(sitemap.joined(separator: " ")) since=\(since ?? "-") until=\(until ?? "-")"
        } else {
            job = "warc \(archives.map(absolute).joined(separator: " "))"
        }
        if let source { job += " source=\(source)" }
        if let shard { job += " shard=\(shard)" }
        let window = DateWindow(
            since: since.flatMap { DateWindow.parseBound($0, endOfDay: false) },
            until: until.flatMap { DateWindow.parseBound($0, endOfDay: true) })
        let progress = ProgressReporter(label: "backfill", total: nil, interval: progressInterval, logger: logger)
        let retry = quarantine.retryQuarantined
        try execute(configuration, command: "backfill", logger: logger, retryQuarantined: retry, shard: shard) {
            pipeline, cancellation in
            let checkpoint = try pipeline.checkpoint(for: job, restart: restart)
            if checkpoint.isFinished {
                printError(
                    "newsingest: this backfill already finished (\(checkpoint.doneCount) items, job "
                        + "\(checkpoint.job)); --restart runs it again"
                )
                return RunSummary()
            }
            if checkpoint.doneCount > 0 {
                logger.notice(
                    "resuming backfill", metadata: ["job": "\(checkpoint.job)", "done": "\(checkpoint.doneCount)"])
            }
            if !warc.isEmpty || warcList != nil {
                return try pipeline.backfill(
                    archives: archives, source: sourceConfig, cancellation: cancellation, checkpoint: checkpoint,
                    progress: progress)
            }
            if !sitemap.isEmpty {
                return try pipeline.backfill(
                    sitemaps: sitemap, window: window, source: sourceConfig, cancellation: cancellation,
                    checkpoint: checkpoint, progress: progress, shard: shard)
            }
            return try pipeline.backfill(
                requests, cancellation: cancellation, checkpoint: checkpoint, progress: progress)
        }
    }
}

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Clean saved pages: one file to stdout, or a whole directory to files.",
        discussion: """
            With FILE (or - for stdin) the record (or its text) goes to stdout.
            With --input-dir, every *.html directly in DIR (symlinks followed) gives OUT/<name>.json
            and OUT/<name>.txt (the body, paragraphs separated by one blank line), on all cores.
            """)

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case json, text
    }

    @Argument(help: "A saved page, or - for standard input.")
    var file: String?

    @Option(name: .long, help: "The page's URL (for its id and for resolving links).")
    var url: String?

    @Option(
        name: .long, help: "html, or text for pages a scraper already flattened (image placeholders, caption rows).")
    var inputFormat: String = "html"

    @Option(name: .long, help: "json (the record) or text (title and body).")
    var format: OutputFormat = .json

    @Option(name: .long, help: "Language to assume when detection is unsure (ISO 639-1).")
    var language: String?

    @Option(name: .long, help: "Directory of *.html pages to extract in one batch.")
    var inputDir: String?

    @Option(name: .long, help: "Where --input-dir writes <name>.json and <name>.txt.")
    var outputDir: String?

    @Option(name: .long, help: "Threads for --input-dir (default: one per core).")
    var workers: Int?

    func validate() throws {
        guard InputFormat(rawValue: inputFormat) != nil else {
            throw ValidationError("--input-format must be html or text")
        }
        if inputDir != nil {
            guard outputDir != nil else { throw ValidationError("--input-dir needs --output-dir") }
            guard file == nil else { throw ValidationError("give either FILE or --input-dir, not both") }
        } else {
            guard file != nil else { throw ValidationError("give a FILE (or -), or --input-dir with --output-dir") }
        }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    func run() throws {
        let extractor = Extractor(languageHint: language)
        if let inputDir, let outputDir {
            let result: Extractor.BatchResult
            do {
                result = try extractor.extractDirectory(
                    inputDir, to: outputDir, workers: workers ?? ProcessInfo.processInfo.activeProcessorCount)
            } catch {
                printError("newsingest: \(error.localizedDescription)")
                throw ExitCode(ExitStatus.dataError.rawValue)
            }
            for (name, reason) in result.failed.sorted(by: { $0.key < $1.key }) {
                printError("failed \(name): \(reason)")
            }
            let rate = result.seconds > 0 ? Double(result.written) / result.seconds : 0
            print(
                String(
                    format: "files=%d written=%d empty=%d failed=%d seconds=%.3f pages_per_second=%.1f", result.files,
                    result.written,
                    result.empty, result.failed.count, result.seconds, rate))
            if !result.failed.isEmpty { throw ExitCode(ExitStatus.partialFailure.rawValue) }
            return
        }
        let bytes: [UInt8]
        do {
            if file == "-" {
                bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
            } else if let file, let problem = unreadableInput(file) {
                printError("newsingest: cannot read \(file): \(problem)")
                throw ExitCode(ExitStatus.dataError.rawValue)
            } else {
                bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file!)))
            }
        } catch {
            printError("newsingest: cannot read \(file!): \(error.localizedDescription)")
            throw ExitCode(ExitStatus.dataError.rawValue)
        }
        let record: ArticleRecord
        do {
            record = try extractor.extract(bytes: bytes, format: InputFormat(rawValue: inputFormat)!, url: url)
        } catch {
            printError("newsingest: \(error)")
            throw ExitCode(ExitStatus.dataError.rawValue)
        }
        switch format {
        case .json:
            print(String(decoding: try record.jsonData(pretty: true), as: UTF8.self))
        case .text:
            if let title = record.title { print(title + "\n") }
            print(record.text)
        }
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check a configuration file or print the defaults.",
        subcommands: [Check.self, Defaults.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file as `run` does (exit 78 when invalid, as `run` would).")

        @Argument(help: "The TOML configuration file.")
        var file: String

        func run() throws {
            let config = try loadConfiguration(file, forRun: true)
            print(
                "ok: \(file): \(config.sources.count) source(s); spool \(config.run.spoolDir); state "
                    + "\(config.run.stateLocation)"
            )
        }
    }

    struct Defaults: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every option with its default, commented.")

        func run() throws { print(Configuration.defaultsTOML, terminator: "") }
    }
}

struct SpoolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spool", abstract: "Read the spool: hand records to an indexer.",
        subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the records in new/, oldest first, to standard output.",
            discussion: """
                ndjson: one record per line. es-bulk: an Elasticsearch/OpenSearch _bulk body, each record \
                after an index action with _id = id, version = revision, version_type = external, so a \
                replay changes nothing and an older revision never overwrites a newer one:
                  newsingest spool export --config c.toml --format es-bulk --index news --claim \\
                    | curl -sf -H 'Content-Type: application/x-ndjson' --data-binary @- http://127.0.0.1:9200/_bulk
                With --claim each record is moved to cur/ first and removed once written whole, so two \
                consumers never export the same record; a failed write puts its batch back in new/.
                Exit codes: 0 done; 1 some files in new/ are not records (named on stderr, left in place); \
                74 the spool cannot be read or the output not written.
                """)

        @Option(name: .long, help: "The TOML configuration file (its run.spool_dir is read).")
        var config: String

        @Option(name: .long, help: "ndjson or es-bulk.")
        var format: String = "ndjson"

        @Option(name: .long, help: "With es-bulk: the _index of every action (else the _bulk URL names it).")
        var index: String?

        @Flag(name: .long, help: "Take the records: move them to cur/, remove them once written.")
        var claim = false

        @Option(name: .long, help: "Export at most this many records.")
        var limit: Int?

        func validate() throws {
            guard let format = ExportFormat(rawValue: format) else {
                throw ValidationError("--format must be ndjson or es-bulk")
            }
            if index != nil, format != .esBulk { throw ValidationError("--index goes with --format es-bulk") }
            if let index, index.isEmpty { throw ValidationError("--index must not be empty") }
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            let configuration = try loadConfiguration(config)
            let consumer: SpoolConsumer
            do {
                consumer = try SpoolConsumer(directory: configuration.run.spoolDir)
            } catch {
                printError("newsingest: \(error)")
                throw ExitCode(ExitStatus.ioError.rawValue)
            }
            let exporter = SpoolExporter(format: ExportFormat(rawValue: format)!, index: index)
            let result: SpoolExporter.Result
            do {
                result = try exporter.export(
                    from: consumer, to: DescriptorOutput(fd: STDOUT_FILENO, label: "standard output"), claim: claim,
                    limit: limit)
            } catch {
                printError("newsingest: \(error)")
                throw ExitCode(ExitStatus.ioError.rawValue)
            }
            for bad in result.malformed { printError("newsingest: not a record, left in place: \(bad)") }
            printError("exported=\(result.exported) malformed=\(result.malformed.count) recovered=\(result.recovered)")
            if !result.malformed.isEmpty { throw ExitCode(ExitStatus.partialFailure.rawValue) }
        }
    }
}

struct DeliverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Drain the spool's new/ into the configured [[sink]]s (or the one --to names).",
        discussion: """
            Each batch is claimed (renamed into cur/), written to every sink in one transaction, and \
            removed only when all of them committed. The sinks' writes are upserts keyed on id that \
            replace only a lower revision, so a crash at any point re-delivers at most the claimed \
            batch and applies nothing twice. Several deliveries at once are safe: a record is claimed \
            by one of them.
            Exit codes: 0 done; 1 some records were refused by a sink or are not records (they stay in \
            new/, named in the log); 74 a sink cannot be reached (the records stay in the spool); \
            78 no sink configured; 130 interrupted.
            """)

    @Option(name: .long, help: "The TOML configuration file.")
    var config: String

    @Option(
        name: .long,
        help: "Deliver only to this sink: a [[sink]] id, or a postgresql:// URI (table 'articles').")
    var to: String?

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = try logging.bootstrap()
        let configuration = try loadConfiguration(config)
        var sinks = configuration.sinks
        if let to {
            if let named = sinks.first(where: { $0.id == to }) {
                sinks = [named]
            } else if let kind = SinkConfig.kind(ofURL: to) {
                sinks = [SinkConfig(id: "to", kind: kind, url: to)]
            } else {
                printError("newsingest: --to \(to): neither a [[sink]] id in \(config) nor a postgresql:// URI")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
        }
        guard !sinks.isEmpty else {
            printError("config error: \(config): no [[sink]] is configured (or give --to URI)")
            throw ExitCode(ExitStatus.configError.rawValue)
        }
        let started = Date()
        let trap = SignalTrap(logger: logger)
        let delivered = deliver(configuration, sinks: sinks, logger: logger, cancellation: trap.cancellation)
        // The history and metrics of deliveries; without a state a delivery still runs.
        let state = try? StateLocation.open(configuration.run)
        RunBook(configuration: configuration, state: state, logger: logger).close(
            command: "deliver", started: started, exitCode: delivered.code, summary: nil, delivery: delivered.summary)
        if delivered.code != .success { throw ExitCode(delivered.code.rawValue) }
    }
}
