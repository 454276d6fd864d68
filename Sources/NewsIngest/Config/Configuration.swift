import Foundation

/// The whole configuration of a NewsIngest run, read from TOML (see `config/newsingest.toml`).
public struct Configuration: Sendable, Equatable {
    public var run = RunSettings()
    public var fetch = FetchSettings()
    public var pipeline = PipelineSettings()
    public var normalize = NormalizeSettings()
    public var dedupe = DedupeSettings()
    public var sources: [SourceConfig] = []
    /// Where `deliver` (and `run`, at its end) puts the records of the spool.
    public var sinks: [SinkConfig] = []

    public init() {}

    /// Where records, state and the lock live.
    public struct RunSettings: Sendable, Equatable {
        public init() {}

        /// Maildir spool the records are written into.
        public var spoolDir = "spool"
        /// Directory of the SQLite state database and the run lock.
        public var stateDir = "state"
        /// A PostgreSQL state shared by many workers (a libpq URI); `state_dir` then keeps only
        /// the run lock and the crash journal of this worker.
        public var stateURL: String?
        /// Optional TOML file with more `[[source]]` tables, relative to the config file.
        public var sourcesFile: String?
        /// Optional Prometheus text file written at the end of `run` (`backfill` and `deliver`
        /// write beside it: ``MetricsFile/path(_:command:)``).
        public var metricsFile: String?
        /// `run` forgets state older than this many days, once a day (0 keeps everything).
        public var stateRetentionDays = 180

        /// Where the state is, for messages: the shared state's URL without its password, or
        /// `state_dir`.
        public var stateLocation: String { stateURL.map(PostgreSQLConnection.redacted) ?? stateDir }

        /// With a shared state, a shard's local files (its run lock and crash journal) go in a
        /// directory of their own under `state_dir`, so that several shards can share a machine
        /// and a configuration (`newsingest-shard@.service`). A SQLite state stays one worker's.
        public mutating func separate(for shard: Shard?) {
            guard stateURL != nil, let shard, shard.count > 1 else { return }
            stateDir += "/shard-\(shard.index)-of-\(shard.count)"
        }
    }

    /// libcurl transfer limits.
    public struct FetchSettings: Sendable, Equatable {
        public init() {}

        public var userAgent = "NewsIngest/0.1 (+https://github.com/newsingest/newsingest)"
        /// Transfers in flight at once.
        public var concurrency = 8
        public var connectTimeoutSeconds = 10.0
        public var timeoutSeconds = 30.0
        /// A transfer slower than `lowSpeedLimitBytes` per second for `lowSpeedTimeSeconds` is cut off.
        public var lowSpeedLimitBytes = 512
        public var lowSpeedTimeSeconds = 15
        /// Largest decoded body accepted; larger ones fail with `bodyTooLarge`.
        public var maxBodyBytes = 8 * 1024 * 1024
        public var maxRedirects = 5
        /// Retries of a transfer that timed out, failed to connect, or got 429 or 5xx.
        public var maxRetries = 2
        /// First retry delay; it doubles each time (with ±50 % jitter), capped at the maximum.
        /// A `Retry-After` header, when the server sends one, wins (up to the maximum).
        public var retryBaseDelaySeconds = 1.0
        public var retryMaxDelaySeconds = 60.0
        /// After this many transfers to one host failed in a row (retries spent), the rest of
        /// the run skips that host.
        public var hostFailureLimit = 5
        /// Addresses the SSRF guard lets through although they are not public ("127.0.0.1",
        /// "10.0.0.0/8"). Empty: only public unicast addresses are fetched.
        public var allowAddresses: [String] = []
        /// Transfers in flight at once to one origin (scheme, host and port).
        public var perHostConcurrency = 2
        /// Seconds between two request starts at one origin; a longer robots.txt
        /// `Crawl-delay` wins, up to `maxCrawlDelaySeconds`.
        public var perHostDelaySeconds = 1.0
        public var maxCrawlDelaySeconds = 30.0
        /// Fetch each origin's robots.txt (cached in state for 24 h) and skip what it disallows.
        public var respectRobots = true
    }

    /// Workers per stage and the size of each bounded hand-off.
    public struct PipelineSettings: Sendable, Equatable {
        public init() {}

        /// 0 means one per core.
        public var cleanWorkers = 0
        public var dedupeWorkers = 1
        public var normalizeWorkers = 0
        /// Items a hand-off queue holds before the stage upstream blocks.
        public var queueCapacity = 32
        /// CPU seconds one page may take in one stage before it fails alone (`time_budget`);
        /// 0 means no limit.
        public var maxPageSeconds = 20.0
    }

    /// Deduplication at every level: repeated paragraphs, site boilerplate, near-duplicate
    /// articles, and URL canonical forms.
    public struct DedupeSettings: Sendable, Equatable {
        public init() {}

        /// Paragraphs of one article this similar (0–1, character-bigram Dice after
        /// normalisation) count as repeats; 1.0 means exact repeats only.
        public var paragraphSimilarity = 0.9
        /// Repeats with fewer letters than this are kept ("—", "***", a one-word label).
        public var keepRepeatsShorterThan = 12
        /// A repeat where one copy is a block quote is kept: a pull quote restates on purpose.
        public var keepPullQuotes = true
        /// A paragraph seen in at least this many distinct articles of one host is boilerplate
        /// and is dropped from later articles of that host. 0 turns site learning off.
        public var siteBoilerplateMinArticles = 4
        /// Only paragraphs up to this many characters are learned as site boilerplate.
        public var siteBoilerplateMaxChars = 300
        /// Paragraphs remembered per host (the least seen are forgotten first).
        public var siteBoilerplateMaxPerHost = 5000
        /// Estimated Jaccard similarity (MinHash over word 3-shingles) from which an article is
        /// a near-duplicate of an earlier one.
        public var articleSimilarity = 0.5
        /// "flag": write near-duplicates with `duplicate_of`; "drop": count them, write nothing.
        public var duplicatePolicy = DuplicatePolicy.flag
        /// Query parameters removed from URLs; a trailing `*` matches a prefix.
        public var trackingParameters = URLCanonicalizer.defaultTrackingParameters
    }

    public enum DuplicatePolicy: String, Sendable, Equatable, CaseIterable {
        case flag, drop
    }

    public struct NormalizeSettings: Sendable, Equatable {
        public init() {}

        /// Zone for dates a page gives without an offset, unless its source sets one.
        public var defaultTimezone = "UTC"
    }
}

/// One news source: where its articles are announced, and what we know about it.
public struct SourceConfig: Sendable, Equatable {
    public var id: String
    /// An RSS, Atom or JSON Feed URL.
    public var feed: String?
    /// A sitemap, sitemap index or Google News sitemap (also gzip-compressed).
    public var sitemap: String?
    /// A home page whose `<link rel="alternate">` feeds are read (feed autodiscovery).
    public var homepage: String?
    /// ISO 639-1 code used when language detection is unsure.
    public var language: String?
    /// IANA zone for dates without an offset.
    public var timezone: String?
    /// Entries dated more than this many days ago are not fetched (large sitemaps).
    public var maxAgeDays: Int?

    public init(
        id: String, feed: String? = nil, sitemap: String? = nil, homepage: String? = nil, language: String? = nil,
        timezone: String? = nil, maxAgeDays: Int? = nil
    ) {
        self.id = id
        self.feed = feed
        self.sitemap = sitemap
        self.homepage = homepage
        self.language = language
        self.timezone = timezone
        self.maxAgeDays = maxAgeDays
    }

    /// Every document discovery starts from, in the order feed, sitemap, home page.
    public var discoveryURLs: [String] { [feed, sitemap, homepage].compactMap { $0 } }
}

/// One `[[sink]]`: a store downstream readers query, that `deliver` fills from the spool.
public struct SinkConfig: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case postgresql
    }

    public static let defaultBatchSize = 200

    /// The name in logs and metrics.
    public var id: String
    public var kind: Kind
    /// A libpq connection URI. A password may be in it, or in PGPASSWORD / ~/.pgpass.
    public var url: String
    /// The table (created if missing), optionally schema-qualified.
    public var table: String
    /// Records per transaction.
    public var batchSize: Int

    public init(
        id: String, kind: Kind, url: String, table: String = PostgreSQLSink.defaultTable,
        batchSize: Int = SinkConfig.defaultBatchSize
    ) {
        self.id = id
        self.kind = kind
        self.url = url
        self.table = table
        self.batchSize = batchSize
    }

    /// The sink kind a URL names by its scheme (`deliver --to`), nil for none.
    public static func kind(ofURL url: String) -> Kind? {
        let lower = url.lowercased()
        if lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") { return .postgresql }
        return nil
    }

    /// The sink this configuration describes, not yet connected.
    public func makeSink() throws -> any RecordSink {
        switch kind {
        case .postgresql: return try PostgreSQLSink(name: id, url: url, table: table)
        }
    }
}

/// A configuration problem, naming the key and what was expected.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let message: String
    public var description: String { "\(file): \(message)" }
}

extension Configuration {
    /// Reads and validates a configuration file. Relative paths in it are resolved against its folder.
    public static func load(path: String) throws -> Configuration {
        let url = URL(fileURLWithPath: path)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, message: "cannot read the file (\(error.localizedDescription))")
        }
        var config = try parse(text, file: path)
        let base = url.deletingLastPathComponent()
        config.run.spoolDir = resolve(config.run.spoolDir, against: base)
        config.run.stateDir = resolve(config.run.stateDir, against: base)
        config.run.metricsFile = config.run.metricsFile.map { resolve($0, against: base) }
        if let sourcesFile = config.run.sourcesFile {
            let resolved = resolve(sourcesFile, against: base)
            config.run.sourcesFile = resolved
            let sourcesText: String
            do {
                sourcesText = try String(contentsOfFile: resolved, encoding: .utf8)
            } catch {
                throw ConfigError(file: resolved, message: "cannot read the sources file named by run.sources_file")
            }
            config.sources += try parseSources(sourcesText, file: resolved)
        }
        try config.validateSources(file: path)
        return config
    }

    /// Parses configuration text; relative paths stay as written.
    public static func parse(_ text: String, file: String = "<config>") throws -> Configuration {
        let table = try TOMLDocument.parse(text, file: file)
        var config = Configuration()
        var reader = TableReader(table: table, path: "", file: file)
        if var run = try reader.table("run") {
            config.run.spoolDir = try run.string("spool_dir", nonEmpty: true) ?? config.run.spoolDir
            config.run.stateDir = try run.string("state_dir", nonEmpty: true) ?? config.run.stateDir
            if let url = try run.string("state_url", nonEmpty: true) {
                guard SinkConfig.kind(ofURL: url) == .postgresql else {
                    throw ConfigError(file: file, message: "run.state_url must be a postgresql:// URI")
                }
                config.run.stateURL = url
            }
            config.run.sourcesFile = try run.string("sources_file", nonEmpty: true)
            config.run.metricsFile = try run.string("metrics_file", nonEmpty: true)
            config.run.stateRetentionDays =
                try run.int("state_retention_days", in: 0...36_500) ?? config.run.stateRetentionDays
            try run.finish()
        }
        if var fetch = try reader.table("fetch") {
            config.fetch.userAgent = try fetch.string("user_agent", nonEmpty: true) ?? config.fetch.userAgent
            config.fetch.concurrency = try fetch.int("concurrency", in: 1...256) ?? config.fetch.concurrency
            config.fetch.connectTimeoutSeconds =
                try fetch.seconds("connect_timeout_seconds") ?? config.fetch.connectTimeoutSeconds
            config.fetch.timeoutSeconds = try fetch.seconds("timeout_seconds") ?? config.fetch.timeoutSeconds
            config.fetch.lowSpeedLimitBytes =
                try fetch.int("low_speed_limit_bytes", in: 0...100_000_000) ?? config.fetch.lowSpeedLimitBytes
            config.fetch.lowSpeedTimeSeconds =
                try fetch.int("low_speed_time_seconds", in: 1...3600) ?? config.fetch.lowSpeedTimeSeconds
            config.fetch.maxBodyBytes =
                try fetch.int("max_body_bytes", in: 1024...1_073_741_824) ?? config.fetch.maxBodyBytes
            config.fetch.maxRedirects = try fetch.int("max_redirects", in: 0...20) ?? config.fetch.maxRedirects
            config.fetch.maxRetries = try fetch.int("max_retries", in: 0...10) ?? config.fetch.maxRetries
            config.fetch.retryBaseDelaySeconds =
                try fetch.seconds("retry_base_delay_seconds") ?? config.fetch.retryBaseDelaySeconds
            config.fetch.retryMaxDelaySeconds =
                try fetch.seconds("retry_max_delay_seconds") ?? config.fetch.retryMaxDelaySeconds
            config.fetch.hostFailureLimit =
                try fetch.int("host_failure_limit", in: 1...10_000) ?? config.fetch.hostFailureLimit
            config.fetch.perHostConcurrency =
                try fetch.int("per_host_concurrency", in: 1...64) ?? config.fetch.perHostConcurrency
            config.fetch.perHostDelaySeconds =
                try fetch.double("per_host_delay_seconds", in: 0...3600) ?? config.fetch.perHostDelaySeconds
            config.fetch.maxCrawlDelaySeconds =
                try fetch.double("max_crawl_delay_seconds", in: 0...3600) ?? config.fetch.maxCrawlDelaySeconds
            config.fetch.respectRobots = try fetch.bool("respect_robots") ?? config.fetch.respectRobots
            if let allow = try fetch.strings("allow_addresses") {
                guard AddressPolicy(allow: allow) != nil else {
                    throw ConfigError(
                        file: file,
                        message:
                            "fetch.allow_addresses: expected IP addresses or networks such as \"127.0.0.1\" or "
                            + "\"10.0.0.0/8\""
                    )
                }
                config.fetch.allowAddresses = allow
            }
            try fetch.finish()
        }
        if var pipeline = try reader.table("pipeline") {
            config.pipeline.cleanWorkers =
                try pipeline.int("clean_workers", in: 0...256) ?? config.pipeline.cleanWorkers
            config.pipeline.dedupeWorkers =
                try pipeline.int("dedupe_workers", in: 1...256) ?? config.pipeline.dedupeWorkers
            config.pipeline.normalizeWorkers =
                try pipeline.int("normalize_workers", in: 0...256) ?? config.pipeline.normalizeWorkers
            config.pipeline.queueCapacity =
                try pipeline.int("queue_capacity", in: 1...100_000) ?? config.pipeline.queueCapacity
            config.pipeline.maxPageSeconds =
                try pipeline.double("max_page_seconds", in: 0...86_400) ?? config.pipeline.maxPageSeconds
            try pipeline.finish()
        }
        if var dedupe = try reader.table("dedupe") {
            let d = config.dedupe
            config.dedupe.paragraphSimilarity =
                try dedupe.double("paragraph_similarity", in: 0.5...1.0) ?? d.paragraphSimilarity
            config.dedupe.keepRepeatsShorterThan =
                try dedupe.int("keep_repeats_shorter_than", in: 0...1000) ?? d.keepRepeatsShorterThan
            config.dedupe.keepPullQuotes = try dedupe.bool("keep_pull_quotes") ?? d.keepPullQuotes
            config.dedupe.siteBoilerplateMinArticles =
                try dedupe.int("site_boilerplate_min_articles", in: 0...1000) ?? d.siteBoilerplateMinArticles
            config.dedupe.siteBoilerplateMaxChars =
                try dedupe.int("site_boilerplate_max_chars", in: 1...100_000) ?? d.siteBoilerplateMaxChars
            config.dedupe.siteBoilerplateMaxPerHost =
                try dedupe.int("site_boilerplate_max_per_host", in: 10...10_000_000) ?? d.siteBoilerplateMaxPerHost
            config.dedupe.articleSimilarity =
                try dedupe.double("article_similarity", in: 0.1...1.0) ?? d.articleSimilarity
            if let policy = try dedupe.string("duplicate_policy") {
                guard let parsed = DuplicatePolicy(rawValue: policy) else {
                    throw ConfigError(
                        file: file, message: "dedupe.duplicate_policy: expected \"flag\" or \"drop\", not \"\(policy)\""
                    )
                }
                config.dedupe.duplicatePolicy = parsed
            }
            config.dedupe.trackingParameters = try dedupe.strings("tracking_parameters") ?? d.trackingParameters
            try dedupe.finish()
        }
        if var normalize = try reader.table("normalize") {
            if let zone = try normalize.string("default_timezone", nonEmpty: true) {
                guard TimeZone(identifier: zone) != nil else {
                    throw ConfigError(
                        file: file,
                        message:
                            "normalize.default_timezone: '\(zone)' is not an IANA time zone (e.g. \"Asia/Ho_Chi_Minh\")"
                    )
                }
                config.normalize.defaultTimezone = zone
            }
            try normalize.finish()
        }
        config.sources = try reader.sources()
        config.sinks = try reader.sinks()
        try reader.finish()
        return config
    }

    /// Parses a file holding only `[[source]]` tables.
    public static func parseSources(_ text: String, file: String) throws -> [SourceConfig] {
        let table = try TOMLDocument.parse(text, file: file)
        var reader = TableReader(table: table, path: "", file: file)
        let sources = try reader.sources()
        try reader.finish()
        return sources
    }

    /// What `run` needs beyond a valid file: a source to read. `config check` applies the same
    /// rule, so a configuration it passes is one `run` accepts.
    public func validateForRun(file: String) throws {
        guard !sources.isEmpty else { throw ConfigError(file: file, message: "no [[source]] is configured") }
    }

    func validateSources(file: String) throws {
        var seen = Set<String>()
        for source in sources {
            guard seen.insert(source.id).inserted else {
                throw ConfigError(file: file, message: "source id '\(source.id)' is used twice")
            }
        }
        var sinkIDs = Set<String>()
        for sink in sinks {
            guard sinkIDs.insert(sink.id).inserted else {
                throw ConfigError(file: file, message: "sink id '\(sink.id)' is used twice")
            }
        }
    }

    private static func resolve(_ path: String, against base: URL) -> String {
        if path.hasPrefix("/") { return path }
        return base.appendingPathComponent(path).standardizedFileURL.path
    }

    /// The configuration as commented TOML with every option at its default.
    public static var defaultsTOML: String {
        let d = Configuration()
        return """
            # NewsIngest configuration. Every option is shown with its default.
            # Relative paths are resolved against the folder of this file.

            [run]
            # Maildir spool that receives one JSON record per article (tmp/ -> new/).
            spool_dir = "\(d.run.spoolDir)"
            # SQLite state (seen URLs, content hashes, HTTP validators) and the run lock.
            state_dir = "\(d.run.stateDir)"
            # Or one PostgreSQL state for many workers (sharded runs; state_dir then keeps only
            # this worker's lock and crash journal). Password via PGPASSWORD or ~/.pgpass.
            # state_url = "postgresql://newsingest@db.internal:5432/news"
            # Optional file with more [[source]] tables, e.g. "sources.toml".
            # sources_file = "sources.toml"
            # Optional Prometheus text file for node_exporter's textfile collector, written at the
            # end of every run (backfill and deliver write beside it: newsingest-deliver.prom).
            # metrics_file = "/var/lib/prometheus/node-exporter/newsingest.prom"
            # Each run (at most once a day) forgets validators, articles not seen, robots.txt
            # files, finished backfills and history older than this many days; 0 keeps all.
            state_retention_days = \(d.run.stateRetentionDays)

            [fetch]
            # Sent with every request: name the project and a contact URL.
            user_agent = "\(d.fetch.userAgent)"
            # Transfers in flight at once (one libcurl multi handle drives them all).
            concurrency = \(d.fetch.concurrency)
            connect_timeout_seconds = \(Int(d.fetch.connectTimeoutSeconds))
            # Whole transfer, redirects included.
            timeout_seconds = \(Int(d.fetch.timeoutSeconds))
            # A transfer slower than this many bytes/s for low_speed_time_seconds is cut off.
            low_speed_limit_bytes = \(d.fetch.lowSpeedLimitBytes)
            low_speed_time_seconds = \(d.fetch.lowSpeedTimeSeconds)
            # Largest body accepted, counted after gzip/deflate decoding.
            max_body_bytes = \(d.fetch.maxBodyBytes)
            max_redirects = \(d.fetch.maxRedirects)
            # Retries for timeouts, connection failures, 429 and 5xx: the delay starts at the base,
            # doubles each time with jitter, and honours Retry-After, never beyond the maximum.
            max_retries = \(d.fetch.maxRetries)
            retry_base_delay_seconds = \(Int(d.fetch.retryBaseDelaySeconds))
            retry_max_delay_seconds = \(Int(d.fetch.retryMaxDelaySeconds))
            # A host whose transfers failed this many times in a row is skipped for the rest of the run.
            host_failure_limit = \(d.fetch.hostFailureLimit)
            # Politeness per origin (scheme, host, port): transfers in flight at once, and seconds
            # between two request starts (a robots.txt Crawl-delay wins, up to the maximum).
            per_host_concurrency = \(d.fetch.perHostConcurrency)
            per_host_delay_seconds = \(d.fetch.perHostDelaySeconds)
            max_crawl_delay_seconds = \(d.fetch.maxCrawlDelaySeconds)
            # Fetch robots.txt once per origin (cached in state for 24 h; 4xx = all allowed,
            # 5xx or unreachable = nothing allowed this run) and skip the URLs it disallows.
            respect_robots = \(d.fetch.respectRobots)
            # SSRF guard: loopback, private, link-local (cloud metadata), CGNAT, unique-local,
            # multicast and unspecified addresses are refused, checked on every connection
            # (after DNS and redirects). List addresses or networks to allow, e.g. ["127.0.0.1"].
            allow_addresses = []

            [pipeline]
            # Workers per stage; 0 means one per core.
            clean_workers = \(d.pipeline.cleanWorkers)
            dedupe_workers = \(d.pipeline.dedupeWorkers)
            normalize_workers = \(d.pipeline.normalizeWorkers)
            # Items each hand-off holds before the stage upstream waits.
            queue_capacity = \(d.pipeline.queueCapacity)
            # CPU seconds one page may take in one stage before it fails alone (time_budget); 0 = no limit.
            max_page_seconds = \(d.pipeline.maxPageSeconds)

            [dedupe]
            # Paragraphs of one article this similar (0.5-1; character-bigram Dice after NFC, case
            # folding and punctuation removal) are repeats: the first is kept. 1.0 = exact only.
            paragraph_similarity = \(d.dedupe.paragraphSimilarity)
            # Repeats with fewer letters than this are kept ("—", "***", a one-word label).
            keep_repeats_shorter_than = \(d.dedupe.keepRepeatsShorterThan)
            # Keep a repeat when one copy is a block quote (a pull quote restates on purpose).
            keep_pull_quotes = \(d.dedupe.keepPullQuotes)
            # A paragraph seen in this many distinct articles of one host is site boilerplate and
            # is dropped from that host's later articles (state survives restarts). 0 = off.
            site_boilerplate_min_articles = \(d.dedupe.siteBoilerplateMinArticles)
            # Only paragraphs up to this many characters are learned as boilerplate.
            site_boilerplate_max_chars = \(d.dedupe.siteBoilerplateMaxChars)
            # Paragraphs remembered per host; the least seen are forgotten first.
            site_boilerplate_max_per_host = \(d.dedupe.siteBoilerplateMaxPerHost)
            # Estimated Jaccard similarity (MinHash of word 3-shingles, character shingles for
            # scripts without spaces) from which an article is a near-duplicate of an earlier one.
            article_similarity = \(d.dedupe.articleSimilarity)
            # "flag" writes near-duplicates with duplicate_of and similarity; "drop" skips them.
            duplicate_policy = "\(d.dedupe.duplicatePolicy.rawValue)"
            # Query parameters removed from URLs before they become ids; `*` ends a prefix.
            tracking_parameters = [\(d.dedupe.trackingParameters.map { "\"\($0)\"" }.joined(separator: ", "))]

            [normalize]
            # Zone for dates given without an offset, unless the source sets its own.
            default_timezone = "\(d.normalize.defaultTimezone)"

            # Sources: one [[source]] table each (here or in run.sources_file).
            # [[source]]
            # id = "example"                          # unique, used in records as `source`
            # feed = "https://example.com/rss.xml"    # RSS 2.0, Atom or JSON Feed
            # sitemap = "https://example.com/news-sitemap.xml"  # sitemap, index, Google News, .xml.gz
            # homepage = "https://example.com/"       # read the feeds its <link rel="alternate"> names
            # (at least one of feed, sitemap and homepage)
            # language = "vi"                         # optional hint when detection is unsure
            # timezone = "Asia/Ho_Chi_Minh"           # optional zone for dates without offset
            # max_age_days = 3                        # optional: skip entries dated longer ago

            # Sinks: where `newsingest deliver` (and `run`, at its end) puts the spool's records.
            # [[sink]]
            # id = "warehouse"                        # name in logs and metrics
            # type = "postgresql"
            # url = "postgresql://newsingest@127.0.0.1:5432/news"  # libpq URI; password via ~/.pgpass
            # table = "\(PostgreSQLSink.defaultTable)"                      # created if missing
            # batch_size = \(SinkConfig.defaultBatchSize)                        # records per transaction

            """
    }
}
