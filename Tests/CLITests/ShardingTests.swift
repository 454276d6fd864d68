import Foundation
import NewsIngest
import TestSupport
import XCTest

/// A backfill split over three workers by site: together they write what one worker writes,
/// and every site is fetched by exactly one of them.
final class ShardingTests: CLITestCase {
    func testThreeShardsWriteWhatOneWorkerWritesAndShareNoSite() throws {
        let server = try TestServer()
        defer { server.stop() }
        let slugs = try DemoArticle.all().keys.sorted().prefix(5)
        let hosts = (0..<6).map { "site\($0)" }
        let urls = hosts.flatMap { host in slugs.map { server.url("/\($0).html", host: host) } }
        let list = Repository.temporaryDirectory() + "/urls.txt"
        try urls.joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)

        let whole = try writeConfig(Repository.temporaryDirectory(), server: server)
        let single = try run(["backfill", "--urls", list, "--config", whole])
        XCTAssertEqual(single.status, 0, single.stderr)
        let expected = Set(
            try SpoolReader(directory: URL(fileURLWithPath: whole).deletingLastPathComponent().path + "/spool")
                .records().map(\.id))
        XCTAssertEqual(expected.count, urls.count)

        // Three workers at once, each with its own state; the third named by the scheduler.
        let before = try serverRequests(server).count
        var workers: [(Process, Pipe, Pipe, String)] = []
        for index in 0..<3 {
            let dir = Repository.temporaryDirectory()
            let config = try writeConfig(dir, server: server)
            let arguments =
                index == 2
                ? ["backfill", "--urls", list, "--config", config, "--shards", "3"]
                : ["backfill", "--urls", list, "--config", config, "--shard", "\(index)/3"]
            let (process, out, err) = try launch(
                arguments, environment: index == 2 ? ["JOB_COMPLETION_INDEX": "2"] : [:])
            workers.append((process, out, err, dir))
        }
        var ids: [String] = []
        var hostsOfWorker: [Set<String>] = []
        for (process, out, err, dir) in workers {
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, stderr)
            XCTAssertTrue(stdout.contains("failed=0"), stdout)
            let records = try SpoolReader(directory: dir + "/spool").records()
            ids += records.map(\.id)
            hostsOfWorker.append(Set(records.compactMap { $0.url.flatMap(WebURL.init)?.host }))
        }
        // Each site is one worker's: the workers' hosts do not meet, and cover all six.
        for (a, b) in [(0, 1), (0, 2), (1, 2)] {
            XCTAssertTrue(hostsOfWorker[a].isDisjoint(with: hostsOfWorker[b]), "\(hostsOfWorker)")
        }
        XCTAssertEqual(hostsOfWorker.reduce(Set<String>()) { $0.union($1) }.count, hosts.count)
        XCTAssertEqual(ids.count, urls.count, "no article written twice")
        XCTAssertEqual(Set(ids), expected, "together, what one worker writes")

        // The server saw each article of the sharded run requested once.
        let log = try serverRequests(server).dropFirst(before)
        var hostsSeen: [String: Int] = [:]
        for (host, path, _) in log where path.hasSuffix(".html") {
            hostsSeen[host.split(separator: ":").first.map(String.init) ?? host, default: 0] += 1
        }
        XCTAssertEqual(Set(hostsSeen.keys), Set(hosts.map { "\($0).localhost" }))
        XCTAssertTrue(hostsSeen.values.allSatisfy { $0 == slugs.count }, "\(hostsSeen): each article fetched once")
        for host in hosts {
            let domain = RegistrableDomain.of(host: "\(host).localhost")
            XCTAssertEqual(domain, "\(host).localhost")
        }
        let shardOfHost = Dictionary(
            uniqueKeysWithValues: hosts.map { ($0, Shard.index(ofDomain: "\($0).localhost", count: 3)) })
        XCTAssertGreaterThan(Set(shardOfHost.values).count, 1, "the sites spread over the shards")

        // A WARC list: every third file is a shard's; the three shards together read all five.
        let archives = Repository.temporaryDirectory()
        var paths: [String] = []
        for (index, slug) in slugs.enumerated() {
            var warc = WARCBuilder()
            let html = try [UInt8](
                Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/site/\(slug).html"))))
            warc.response(uri: "https://archive\(index).example/\(slug).html", body: html)
            let path = archives + "/part-\(index).warc.gz"
            try warc.write(to: path, gzipPerRecord: true)
            paths.append(path)
        }
        try ("# CC-NEWS parts\n" + paths.joined(separator: "\n")).write(
            toFile: archives + "/list.txt", atomically: true, encoding: .utf8)
        var written: [Int] = []
        for index in 0..<3 {
            let dir = Repository.temporaryDirectory()
            try "[run]\nspool_dir = \"spool\"\nstate_dir = \"state\"\n".write(
                toFile: dir + "/c.toml", atomically: true, encoding: .utf8)
            let outcome = try run([
                "backfill", "--warc-list", archives + "/list.txt", "--config", dir + "/c.toml", "--shard", "\(index)/3",
            ])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            written.append(try SpoolReader(directory: dir + "/spool").records().count)
        }
        XCTAssertEqual(written, [2, 2, 1], "files 0 and 3, 1 and 4, 2")

        // A cron run: each source goes to the shard of its feed's site; both demo feeds are on
        // one site (127.0.0.1), so one shard reads them and the others have nothing to do.
        var runWritten: [Int] = []
        for index in 0..<3 {
            let dir = Repository.temporaryDirectory()
            let outcome = try run(["run", "--config", try writeConfig(dir, server: server), "--shard", "\(index)/3"])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            runWritten.append(try SpoolReader(directory: dir + "/spool").records().count)
        }
        XCTAssertEqual(runWritten.sorted(), [0, 0, 17])

        // Without an index in the environment, --shards is a usage error.
        let lost = try run(["backfill", "--urls", list, "--config", whole, "--shards", "3"])
        XCTAssertEqual(lost.status, 64, lost.stderr)
        XCTAssertEqual(try run(["backfill", "--urls", list, "--config", whole, "--shard", "3/3"]).status, 64)
    }
}
