import Foundation
import TestSupport
import XCTest

@testable import NewsIngest

/// The shared state against a real PostgreSQL server: every concern answers as the SQLite
/// state does for the same calls, and what sharing adds (claims, advisory locks) holds between
/// connections.
final class PostgreSQLStateStoreTests: XCTestCase {
    private static let shared = SharedPostgreSQLServer()
    private var server: PostgreSQLServer!

    override class func tearDown() { shared.stop() }

    // Not a skip when the server cannot start: CI installs PostgreSQL (make deps).
    override func setUpWithError() throws { server = try Self.shared.get() }

    private func stores() throws -> (sqlite: StateStore, postgres: PostgreSQLStateStore) {
        (
            try StateStore(directory: Repository.temporaryDirectory()),
            try PostgreSQLStateStore(url: server.createDatabase())
        )
    }

    private func record(_ url: String, body: String, source: String? = "s") -> ArticleRecord {
        var article = CleanedArticle()
        article.url = url
        article.paragraphs = [Paragraph(body)]
        return Normalizer().normalize(article, source: source)
    }

    /// Words of a made-up article; `variant` changes one word in fifty (a light edit, a copy).
    private func text(_ seed: Int, variant: Int = 0) -> String {
        var generator = SplitMix64(seed: UInt64(seed))
        return (0..<300).map { i in
            (variant > 0 && i % 50 == variant % 50) ? "edit\(variant)x\(i)" : "w\(generator.next() % 5000)"
        }.joined(separator: " ")
    }

    /// Runs the same calls on both states and returns what each answered, for comparison.
    private func both<T: Equatable>(
        _ states: (sqlite: StateStore, postgres: PostgreSQLStateStore), _ body: (any PipelineState) throws -> T,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        XCTAssertEqual(try body(states.sqlite), try body(states.postgres), file: file, line: line)
    }

    func testLedgerAnswersAsSQLiteDoes() throws {
        let states = try stores()
        let first = record("https://example.com/story", body: "The first version of the story, long enough.")
        var second = record("https://example.com/story", body: "The second version, with a correction made.")
        try both(states) { try $0.status(id: first.id, contentHash: first.contentHash) }
        for state in [states.sqlite, states.postgres] as [any PipelineState] { try state.commit(first) }
        try both(states) { try $0.status(id: first.id, contentHash: first.contentHash) }
        try both(states) { try $0.status(id: second.id, contentHash: second.contentHash) }
        second.revision = 2
        for state in [states.sqlite, states.postgres] as [any PipelineState] {
            try state.commit(second)
            // A worker that computed the older revision cannot take the row back.
            try state.touch(id: first.id)
        }
        try both(states) { try $0.status(id: second.id, contentHash: "other") }
        try states.postgres.commit(first)
        XCTAssertEqual(try states.postgres.status(id: second.id, contentHash: "x"), .changed(revision: 3))
        XCTAssertEqual(try states.postgres.articleCount(), 1)

        let url = "https://example.com/'); DROP TABLE articles; --"
        for state in [states.sqlite, states.postgres] as [any PipelineState] {
            try state.recordFetch(
                url: url, validators: Validators(etag: "\"é'\"", lastModified: "Sun, 26 Oct 2025 08:30:00 GMT"),
                status: 200, articleID: "x")
        }
        try both(states) { try $0.validators(for: url) }
        try both(states) { try $0.validators(for: "https://example.com/never") }
        for state in [states.sqlite, states.postgres] as [any PipelineState] {
            try state.recordFetch(url: url, validators: Validators(), status: 200, articleID: nil)
        }
        try both(states) { try $0.validators(for: url) }
        XCTAssertEqual(try states.postgres.articleCount(), 1, "the injected text is data")
    }

    func testBoilerplateMemoryAnswersAsSQLiteDoes() throws {
        let states = try stores()
        let keys: [[Int64]] = [[1, 2, 3], [2, 3, 4, 4], [3, 4, 5], [1, 3], [6, 7, 8, 9], [3, Int64.max, -5]]
        for (n, articleKeys) in keys.enumerated() {
            for state in [states.sqlite, states.postgres] as [any PipelineState] {
                try state.learnBoilerplate(
                    host: "a.example", keys: articleKeys, articleID: "a\(n)", cap: 3, maxPerHost: 7)
                try state.learnBoilerplate(host: "b.example", keys: [1], articleID: "b\(n)", cap: 3, maxPerHost: 7)
            }
            try both(states) {
                try $0.boilerplateCounts(
                    host: "a.example", keys: [1, 2, 3, 4, 5, 6, 7, 8, 9, Int64.max, -5], excluding: "a0")
            }
        }
        try both(states) { try $0.boilerplateCounts(host: "b.example", keys: [1], excluding: "none") }
        try both(states) { try $0.boilerplateCounts(host: "c.example", keys: [], excluding: "none") }
        XCTAssertEqual(try states.postgres.boilerplateKeyCount(host: "a.example"), 7, "evicted down to the limit")
        XCTAssertEqual(
            try states.postgres.boilerplateKeyCount(host: "a.example"),
            try states.sqlite.boilerplateKeyCount(host: "a.example"))
    }

    func testNearDuplicateIndexAnswersAsSQLiteDoes() throws {
        let states = try stores()
        let originals = (0..<6).map { ArticleFingerprint(text: text($0)) }
        for (n, fingerprint) in originals.enumerated() {
            for state in [states.sqlite, states.postgres] as [any PipelineState] {
                let match = try state.matchOrClaim(fingerprint, id: "o\(n)", threshold: 0.5)
                XCTAssertNil(match)
                try state.storeFingerprint(id: "o\(n)", fingerprint: fingerprint, duplicateOf: nil)
            }
        }
        // Copies point to their original, later copies too; an article is not its own copy.
        for n in 0..<6 {
            for variant in 1...3 {
                let copy = ArticleFingerprint(text: text(n, variant: variant))
                try both(states) { state -> String? in
                    let match = try state.nearestDuplicate(of: copy, excluding: "c\(n)-\(variant)", threshold: 0.5)
                    try state.storeFingerprint(id: "c\(n)-\(variant)", fingerprint: copy, duplicateOf: match?.id)
                    return match.map { "\($0.id) \($0.similarity)" }
                }
            }
            try both(states) { try $0.nearestDuplicate(of: originals[n], excluding: "o\(n)", threshold: 0.5)?.id }
        }
        // A new revision replaces the fingerprint: the old text matches nothing any more.
        let rewritten = ArticleFingerprint(text: text(99))
        for state in [states.sqlite, states.postgres] as [any PipelineState] {
            try state.storeFingerprint(id: "o0", fingerprint: rewritten, duplicateOf: nil)
        }
        try both(states) { try $0.nearestDuplicate(of: originals[0], excluding: "x", threshold: 0.5)?.id }
        try both(states) { try $0.nearestDuplicate(of: rewritten, excluding: "x", threshold: 0.5)?.id }
        XCTAssertEqual(try states.postgres.indexedFingerprintCount(), try states.sqlite.indexedFingerprintCount())
        XCTAssertEqual(try states.postgres.indexedFingerprintCount(), 6, "copies are not indexed")
    }

    func testRobotsCheckpointsAndQuarantineAnswerAsSQLiteDoes() throws {
        let states = try stores()
        let bytes: [UInt8] = [0, 1, 0xFF, 0x5C, 0x78] + Array("User-agent: *\nDisallow: /private/\n".utf8)
        let old = Date().addingTimeInterval(-3600)
        try states.sqlite.storeRobots(origin: "https://a.example", body: bytes, at: old)
        try states.postgres.storeRobots(origin: "https://a.example", body: bytes, at: old)
        for state in [states.sqlite, states.postgres] as [any PipelineState] {
            state.storeRobots(origin: "https://b.example", body: nil)
        }
        try both(states) { $0.cachedRobots(origin: "https://a.example", maxAge: 7200) }
        try both(states) { $0.cachedRobots(origin: "https://a.example", maxAge: 60) }
        try both(states) { $0.cachedRobots(origin: "https://b.example", maxAge: 60) }
        XCTAssertEqual(states.postgres.cachedRobots(origin: "https://a.example", maxAge: 7200)?.body, bytes)

        for state in [states.sqlite, states.postgres] as [any PipelineState] {
            try state.startBackfillJob("job", description: "warc a b", restart: false)
            try state.markBackfillItemDone(job: "job", item: "a.warc.gz#0")
            try state.markBackfillItemDone(job: "job", item: "a.warc.gz#0")
            try state.markBackfillItemDone(job: "job", item: "a.warc.gz#1")
        }
        try both(states) { try $0.backfillJob("job").map { "\($0.finished) \($0.done)" } }
        try both(states) { try $0.isBackfillItemDone(job: "job", item: "a.warc.gz#1") }
        try both(states) { try $0.isBackfillItemDone(job: "job", item: "b.warc.gz#0") }
        for state in [states.sqlite, states.postgres] as [any PipelineState] { try state.finishBackfillJob("job") }
        try both(states) { try $0.backfillJob("job").map { "\($0.finished) \($0.done)" } }
        for state in [states.sqlite, states.postgres] as [any PipelineState] {
            try state.startBackfillJob("job", description: "warc a b", restart: true)
        }
        try both(states) { try $0.backfillJob("job").map { "\($0.finished) \($0.done)" } }
        try both(states) { try $0.backfillJob("none").map { "\($0.finished) \($0.done)" } }

        for state in [states.sqlite, states.postgres] as [any PipelineState] {
            try state.recordCrash(item: "https://a.example/x")
            try state.recordCrash(item: "https://a.example/x")
            try state.recordCrash(item: "https://a.example/y")
        }
        try both(states) { try $0.crashCount(item: "https://a.example/x") }
        try both(states) { try $0.crashedItems(atLeast: 2) }
        try both(states) { try $0.quarantinedCount() }
    }

    /// Two workers meet copies of one story at the same moment, many times: each time exactly one
    /// enters its copy as the first of the cluster and the other is flagged as its duplicate.
    func testTwoWorkersMeetingCopiesAtOnceMakeOneOriginal() throws {
        let url = try server.createDatabase()
        let workers = [try PostgreSQLStateStore(url: url), try PostgreSQLStateStore(url: url)]
        let rounds = 40
        let answers = Locked<[Int: [(worker: Int, match: String?)]]>([:])
        for round in 0..<rounds {
            let start = DispatchSemaphore(value: 0)
            let group = DispatchGroup()
            for worker in 0..<2 {
                let copy = ArticleFingerprint(text: text(1000 + round, variant: worker + 1))
                DispatchQueue.global().async(group: group) {
                    start.wait()
                    let match = try? workers[worker].matchOrClaim(copy, id: "r\(round)-w\(worker)", threshold: 0.5)
                    answers.withLock { $0[round, default: []].append((worker, match?.id ?? nil)) }
                }
            }
            start.signal()
            start.signal()
            group.wait()
        }
        let all = answers.current
        XCTAssertEqual(all.count, rounds)
        for round in 0..<rounds {
            let pair = try XCTUnwrap(all[round])
            XCTAssertEqual(pair.count, 2)
            let originals = pair.filter { $0.match == nil }
            XCTAssertEqual(originals.count, 1, "round \(round): \(pair)")
            if let original = originals.first, let copy = pair.first(where: { $0.match != nil }) {
                XCTAssertEqual(copy.match, "r\(round)-w\(original.worker)")
            }
        }
        XCTAssertEqual(try workers[0].indexedFingerprintCount(), rounds)
    }

    func testRunHistoryAndPruneAnswerAsSQLiteDoes() throws {
        let states = try stores()
        let now = Date()
        let old = now.addingTimeInterval(-40 * 86_400)
        var tally = SourceTally()
        tally.written = 3
        tally.failures[ArticleErrorKey(stage: .fetch, code: .fetch(.timeout))] = 2
        tally.feedsFailed = 1
        let stale = record("https://a.example/old", body: "An old story from the archive of the site.", source: "a")
        let fresh = record("https://a.example/new", body: "A new story published on the site today.", source: "a")
        for state in [states.sqlite, states.postgres] as [any PipelineState] {
            try state.recordRun(
                RunRecord(
                    command: "run", started: old, finished: old, exitCode: 0, summary: "old", sources: ["a": tally]))
            try state.recordRun(
                RunRecord(
                    command: "run", started: now.addingTimeInterval(-60), finished: now.addingTimeInterval(-50),
                    exitCode: 74, summary: "stopped", sources: ["a": tally, "b": SourceTally()]))
            try state.commit(stale, at: old)
            try state.commit(fresh, at: now)
            try state.storeFingerprint(id: stale.id, fingerprint: ArticleFingerprint(text: text(1)), duplicateOf: nil)
            try state.storeFingerprint(id: fresh.id, fingerprint: ArticleFingerprint(text: text(2)), duplicateOf: nil)
            try state.recordFetch(
                url: "https://a.example/old", validators: Validators(etag: "\"x\""), status: 200, articleID: stale.id,
                at: old)
            try state.startBackfillJob("done", description: "d", restart: false, at: old)
            try state.finishBackfillJob("done", at: old)
            try state.recordCrash(item: "https://a.example/crash", at: old)
        }
        try both(states) { try $0.lastSuccess(command: "run").map { Int($0.timeIntervalSince1970) } }
        try both(states) { try $0.lastRun(command: "run")?.summary }
        try both(states) { try $0.lastRun(command: "deliver")?.summary }
        try both(states) { state in
            try state.sourceOverviews(configured: ["a", "c"], now: now).map {
                "\($0.source) \($0.articles) \($0.writtenLastDay) \($0.writtenLastWeek) \($0.lastExitCode ?? -1) "
                    + "\($0.failuresLastWeek.sorted { $0.key < $1.key })"
            }
        }
        try both(states) { try $0.prune(olderThan: now.addingTimeInterval(-30 * 86_400)) }
        try both(states) { try $0.status(id: stale.id, contentHash: stale.contentHash) }
        try both(states) { try $0.pruneIfDue(retentionDays: 30, now: now) }
        try both(states) { try $0.pruneIfDue(retentionDays: 30, now: now.addingTimeInterval(86_401)) }
        XCTAssertEqual(try states.postgres.indexedFingerprintCount(), 1)
    }

    /// The run lock of a shard: a second worker for it is refused, naming the first; another
    /// shard is not; closing the first's session frees it.
    func testOneWorkerPerShardAcrossMachines() throws {
        var settings = Configuration.RunSettings()
        settings.stateURL = try server.createDatabase()
        settings.stateDir = Repository.temporaryDirectory()
        var first: RunExclusion? = try RunExclusion(settings, shard: Shard("0/3"))
        var elsewhere = settings
        elsewhere.stateDir = Repository.temporaryDirectory()
        XCTAssertThrowsError(try RunExclusion(elsewhere, shard: Shard("0/3"))) { error in
            let held = error as? LockHeldError
            XCTAssertNotNil(held, "\(error)")
            XCTAssertTrue(held?.description.contains("shard 0/3") ?? false, "\(error)")
            XCTAssertTrue(held?.holder.contains("newsingest pid \(getpid())") ?? false, "\(error)")
        }
        let other = try RunExclusion(elsewhere, shard: Shard("1/3"))
        withExtendedLifetime(first) {}
        first = nil
        XCTAssertNoThrow(
            try RunExclusion(elsewhere.with(stateDir: Repository.temporaryDirectory()), shard: Shard("0/3")))
        withExtendedLifetime(other) {}
    }

    func testBadURLsAndDeadServersAreStateErrors() throws {
        XCTAssertThrowsError(try PostgreSQLStateStore(url: "postgresql://postgres@127.0.0.1:1/none")) { error in
            XCTAssertTrue(error is StateError, "\(error)")
        }
        XCTAssertThrowsError(try Configuration.parse("[run]\nstate_url = \"mysql://x\"\n"))
        XCTAssertEqual(
            try Configuration.parse("[run]\nstate_url = \"postgresql://a@b/c\"\n").run.stateURL, "postgresql://a@b/c")
        XCTAssertEqual(PostgreSQLStateStore.bytes(hex: PostgreSQLStateStore.hex([0, 0xAB, 0xFF])), [0, 0xAB, 0xFF])
        XCTAssertNil(PostgreSQLStateStore.bytes(hex: "\\x0"))
        XCTAssertNil(PostgreSQLStateStore.bytes(hex: "\\xzz"))
    }
}

extension Configuration.RunSettings {
    fileprivate func with(stateDir: String) -> Self {
        var copy = self
        copy.stateDir = stateDir
        return copy
    }
}
