import TestSupport
import XCTest

@testable import NewsIngest

/// The run history `stats` and the metrics file read, and the retention that prunes the state.
final class RunHistoryTests: XCTestCase {
    private func record(_ url: String, source: String) -> ArticleRecord {
        var article = CleanedArticle()
        article.url = url
        article.paragraphs = [Paragraph("A story from \(url), long enough to be one.")]
        return Normalizer().normalize(article, source: source)
    }

    func testRunsAreKeptWithEachSourcesShare() throws {
        let state = try StateStore(directory: Repository.temporaryDirectory())
        let now = Date()
        var tally = SourceTally()
        tally.written = 3
        tally.failed = 2
        tally.failures[ArticleErrorKey(stage: .fetch, code: .fetch(.timeout))] = 2
        tally.feedsFailed = 1
        try state.recordRun(
            RunRecord(
                command: "run", started: now.addingTimeInterval(-10 * 86_400),
                finished: now.addingTimeInterval(-10 * 86_400),
                exitCode: 0, summary: "old", sources: ["a": tally]))
        try state.recordRun(
            RunRecord(
                command: "run", started: now.addingTimeInterval(-3 * 86_400),
                finished: now.addingTimeInterval(-3 * 86_400),
                exitCode: 1, summary: "partial", sources: ["a": tally]))
        try state.recordRun(
            RunRecord(
                command: "run", started: now.addingTimeInterval(-60), finished: now.addingTimeInterval(-50),
                exitCode: 74, summary: "stopped", sources: ["a": tally, "b": SourceTally()]))
        try state.commit(record("https://a.example/1", source: "a"))
        // A run stopped by the spool (74) is no success; a partial one (1) is.
        XCTAssertEqual(
            try XCTUnwrap(try state.lastSuccess(command: "run")).timeIntervalSince1970,
            now.addingTimeInterval(-3 * 86_400).timeIntervalSince1970, accuracy: 1)
        XCTAssertNil(try state.lastSuccess(command: "deliver"))
        XCTAssertEqual(try state.lastRun(command: "run")?.summary, "stopped")
        let overviews = try state.sourceOverviews(configured: ["a", "c"], now: now)
        XCTAssertEqual(overviews.map(\.source), ["a", "b", "c"])
        let a = overviews[0]
        XCTAssertEqual(a.articles, 1)
        XCTAssertEqual(a.writtenLastDay, 3)
        XCTAssertEqual(a.writtenLastWeek, 6, "the run 10 days ago is outside the week")
        XCTAssertEqual(a.failuresLastWeek, ["fetch: timeout": 4, "feed: failed": 2])
        XCTAssertEqual(a.lastExitCode, 74)
        XCTAssertNil(overviews[2].lastRun, "configured, never run")
    }

    func testPruneForgetsWhatIsOlderThanTheCutoffAndKeepsTheRest() throws {
        let state = try StateStore(directory: Repository.temporaryDirectory())
        let now = Date()
        let old = now.addingTimeInterval(-40 * 86_400)
        let stale = record("https://a.example/old", source: "a")
        let fresh = record("https://a.example/new", source: "a")
        try state.commit(stale, at: old)
        try state.commit(fresh, at: now)
        let fingerprint = ArticleFingerprint(text: stale.text)
        try state.storeFingerprint(id: stale.id, fingerprint: fingerprint, duplicateOf: nil)
        try state.storeFingerprint(id: fresh.id, fingerprint: ArticleFingerprint(text: fresh.text), duplicateOf: nil)
        try state.recordFetch(
            url: "https://a.example/old", validators: Validators(etag: "\"x\""), status: 200, articleID: stale.id,
            at: old)
        try state.recordFetch(
            url: "https://a.example/new", validators: Validators(etag: "\"y\""), status: 200, articleID: fresh.id,
            at: now)
        try state.storeRobots(origin: "https://a.example", body: nil, at: old)
        try state.startBackfillJob("done", description: "d", restart: false, at: old)
        try state.markBackfillItemDone(job: "done", item: "x")
        try state.finishBackfillJob("done", at: old)
        try state.startBackfillJob("open", description: "o", restart: false, at: old)
        try state.recordCrash(item: "https://a.example/crash", at: old)
        try state.recordRun(RunRecord(command: "run", started: old, finished: old, exitCode: 0, summary: ""))

        let pruned = try state.prune(olderThan: now.addingTimeInterval(-30 * 86_400))
        XCTAssertEqual(
            pruned,
            PruneResult(validators: 1, articles: 1, fingerprints: 1, robots: 1, backfillJobs: 1, quarantine: 1, runs: 1)
        )
        XCTAssertEqual(try state.status(id: stale.id, contentHash: stale.contentHash), .new, "seen again: new")
        XCTAssertEqual(try state.status(id: fresh.id, contentHash: fresh.contentHash), .unchanged)
        XCTAssertNil(try state.validators(for: "https://a.example/old"))
        XCTAssertNotNil(try state.validators(for: "https://a.example/new"))
        XCTAssertNil(try state.nearestDuplicate(of: fingerprint, excluding: "other", threshold: 0.9))
        XCTAssertNotNil(try state.backfillJob("open"), "an unfinished job is never pruned")
        XCTAssertNil(try state.backfillJob("done"))
        XCTAssertEqual(try state.indexedFingerprintCount(), 1)

        // The default retention prunes once a day: right after a prune it is not due.
        XCTAssertNil(try state.pruneIfDue(retentionDays: 30, now: now))
        XCTAssertNotNil(try state.pruneIfDue(retentionDays: 30, now: now.addingTimeInterval(86_401)))
        XCTAssertNil(try state.pruneIfDue(retentionDays: 0, now: now.addingTimeInterval(3 * 86_400)), "0 keeps all")
    }
}
