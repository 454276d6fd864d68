import Foundation
import NewsIngest
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// Cron runs split over three workers on one PostgreSQL state (a real server started by the
/// test), over a loopback server with six sites (`site<k>.localhost`) that each carry the demo's
/// 17 articles: every story is on six sites, so the workers meet copies of each other's stories.
final class SharedStateTests: CLITestCase {
    private static let shared = SharedPostgreSQLServer()

    override class func tearDown() { shared.stop() }

    private let sites = (0..<6).map { "site\($0)" }

    /// A worker's configuration: the six sites' two feeds each, the shared state, and a user
    /// agent naming the worker (the server's log tells who asked for what).
    private func config(_ dir: String, server: TestServer, stateURL: String, agent: String, slow: Bool = false)
        throws -> String
    {
        let path = dir + "/newsingest.toml"
        var text = """
            [run]
            spool_dir = "spool"
            state_dir = "state"
            state_url = "\(stateURL)"

            [fetch]
            allow_addresses = ["127.0.0.1"]
            user_agent = "\(agent)"
            per_host_delay_seconds = \(slow ? "0.25" : "0")
            per_host_concurrency = \(slow ? 1 : 8)

            """
        for site in sites {
            text += """

                [[source]]
                id = "\(site)"
                feed = "\(server.url("/rss.xml", host: site))"

                [[source]]
                id = "\(site)-asia"
                feed = "\(server.url("/atom.xml", host: site))"

                """
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func records(_ dir: String) throws -> [ArticleRecord] {
        try SpoolReader(directory: dir + "/spool").records()
    }

    /// The clusters of near-duplicates: each record with the first of its cluster.
    private func clusters(_ records: [ArticleRecord]) -> Set<Set<String>> {
        Set(Dictionary(grouping: records, by: { $0.duplicateOf ?? $0.id }).values.map { Set($0.map(\.id)) })
    }

    func testThreeShardsOnSharedStateWriteWhatOneRunWrites() throws {
        let postgres = try Self.shared.get()
        let server = try TestServer()
        defer { server.stop() }
        let shardOfSite = Dictionary(
            uniqueKeysWithValues: sites.map { ($0, Shard.index(ofDomain: "\($0).localhost", count: 3)) })

        // One unsharded run on a state of its own: what the three must write together.
        let wholeDir = Repository.temporaryDirectory()
        let whole = try run([
            "run", "--config",
            try config(wholeDir, server: server, stateURL: try postgres.createDatabase(), agent: "whole"),
        ])
        XCTAssertEqual(whole.status, 0, whole.stderr)
        let expected = try records(wholeDir)
        XCTAssertEqual(expected.count, sites.count * 17)
        XCTAssertEqual(expected.filter { $0.duplicateOf == nil }.count, 15, "the demo's 17 stories hold 2 pairs")

        // Three workers at once on one shared state.
        let stateURL = try postgres.createDatabase()
        let dirs = (0..<3).map { _ in Repository.temporaryDirectory() }
        var workers: [(Process, Pipe, Pipe)] = []
        for index in 0..<3 {
            let path = try config(dirs[index], server: server, stateURL: stateURL, agent: "shard-\(index)")
            workers.append(try launch(["run", "--config", path, "--shard", "\(index)/3"]))
        }
        for (index, (process, out, err)) in workers.enumerated() {
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "shard \(index): \(stderr)")
            XCTAssertTrue(stdout.contains("failed=0"), stdout)
        }
        let sharded = try dirs.flatMap(records)
        XCTAssertEqual(sharded.count, expected.count, "no article written twice")
        XCTAssertEqual(Set(sharded.map(\.id)), Set(expected.map(\.id)), "the same ids")
        XCTAssertEqual(
            Dictionary(uniqueKeysWithValues: sharded.map { ($0.id, $0.revision) }),
            Dictionary(uniqueKeysWithValues: expected.map { ($0.id, $0.revision) }), "the same revisions")
        // The same near-duplicate clusters, each with one first article and the rest pointing to
        // it, though which copy is first depends on which shard met the story first.
        XCTAssertEqual(clusters(sharded), clusters(expected))
        for cluster in Dictionary(grouping: sharded, by: { $0.duplicateOf ?? $0.id }).values {
            XCTAssertEqual(cluster.filter { $0.duplicateOf == nil }.count, 1, "\(cluster.map(\.id))")
        }

        // Each site was asked for by exactly one worker, the one its domain hashes to.
        var agentsOfHost: [String: Set<String>] = [:]
        for (host, _, agent) in try serverRequests(server) where agent.hasPrefix("shard-") {
            agentsOfHost[host, default: []].insert(agent)
        }
        XCTAssertEqual(Set(agentsOfHost.keys), Set(sites.map { "\($0).localhost" }))
        for site in sites {
            XCTAssertEqual(agentsOfHost["\(site).localhost"], ["shard-\(shardOfSite[site]!)"], site)
        }

        // A rerun of all three writes nothing.
        for index in 0..<3 {
            let again = try run(["run", "--config", dirs[index] + "/newsingest.toml", "--shard", "\(index)/3"])
            XCTAssertEqual(again.status, 0, again.stderr)
            XCTAssertTrue(again.stdout.contains("written=0"), again.stdout)
        }
        XCTAssertEqual(try dirs.flatMap(records).count, expected.count)
        // Every worker's runs are in the one history `stats` reads.
        let stats = try run(["stats", "--config", dirs[0] + "/newsingest.toml", "--format", "json"])
        XCTAssertEqual(stats.status, 0, stats.stderr)
        XCTAssertTrue(stats.stdout.contains("\"site5-asia\""), stats.stdout)
    }

    /// A worker killed with SIGKILL mid-run: a second worker for its shard is refused while it
    /// runs, its session's lock goes with it, and its rerun finishes its part with nothing
    /// partial and nothing lost.
    func testAKilledShardsRerunFinishesItsPart() throws {
        let postgres = try Self.shared.get()
        let server = try TestServer()
        defer { server.stop() }
        let counts = (0..<3).map { index in sites.filter { Shard.index(ofDomain: "\($0).localhost", count: 3) == index }
        }
        let victim = try XCTUnwrap(counts.indices.max { counts[$0].count < counts[$1].count })
        let stateURL = try postgres.createDatabase()
        let dir = Repository.temporaryDirectory()
        let path = try config(dir, server: server, stateURL: stateURL, agent: "victim", slow: true)
        let (process, _, _) = try launch(["run", "--config", path, "--shard", "\(victim)/3"])
        let deadline = Date().addingTimeInterval(60)
        while try records(dir).count < 4, Date() < deadline, process.isRunning { usleep(50_000) }
        XCTAssertTrue(process.isRunning, "the worker finished before it could be killed: slow it down")

        let twin = try run([
            "run", "--config",
            try config(Repository.temporaryDirectory(), server: server, stateURL: stateURL, agent: "twin"),
            "--shard", "\(victim)/3",
        ])
        XCTAssertEqual(twin.status, ExitStatus.lockHeld.rawValue, twin.stderr)
        XCTAssertTrue(twin.stderr.contains("shard \(victim)/3's advisory lock"), twin.stderr)
        XCTAssertTrue(twin.stderr.contains("newsingest pid \(process.processIdentifier)"), twin.stderr)

        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let before = try records(dir)
        XCTAssertGreaterThan(before.count, 0)
        XCTAssertLessThan(before.count, counts[victim].count * 17, "killed mid-run")

        // The server drops the dead worker's session (and its lock) when its socket closes.
        var rerun = try run(["run", "--config", path, "--shard", "\(victim)/3"])
        for _ in 0..<20 where rerun.status == ExitStatus.lockHeld.rawValue {
            usleep(250_000)
            rerun = try run(["run", "--config", path, "--shard", "\(victim)/3"])
        }
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        let after = try records(dir)
        let expectedIDs = Set(after.map(\.id))
        XCTAssertEqual(expectedIDs.count, counts[victim].count * 17, "every article of the shard's sites")
        XCTAssertTrue(Set(before.map(\.id)).isSubset(of: expectedIDs))
        // A record the killed worker wrote but had not yet remembered is written again, whole
        // and identical; none is there twice otherwise.
        for (id, copies) in Dictionary(grouping: after, by: \.id) where copies.count > 1 {
            XCTAssertEqual(copies.count, 2, id)
            XCTAssertEqual(Set(copies.map(\.contentHash)).count, 1, id)
            XCTAssertEqual(Set(copies.map(\.revision)).count, 1, id)
        }
        XCTAssertLessThanOrEqual(after.count - expectedIDs.count, 1, "at most the one in flight")
        let tmp = (try? FileManager.default.contentsOfDirectory(atPath: dir + "/spool/tmp")) ?? []
        XCTAssertEqual(tmp, [], "the rerun cleared what the killed worker left half-written")
        let again = try run(["run", "--config", path, "--shard", "\(victim)/3"])
        XCTAssertTrue(again.stdout.contains("written=0"), again.stdout)
    }
}
