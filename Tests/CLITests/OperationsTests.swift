import Foundation
import NewsIngest
import TestSupport
import XCTest

/// Running in production, as an operator does: the metrics file, JSON logs, `stats`, `state
/// prune`, `run --source`/`--dry-run`, conditional GETs of feeds, `--version`.
final class OperationsTests: CLITestCase {
    private func value(
        _ families: [String: [(labels: [String: String], value: Double)]], _ name: String, _ labels: [String: String]
    ) -> Double? {
        families[name]?.first { sample in labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
    }

    func testARunWritesAMetricsFileThePrometheusParserReads() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let config = try writeConfig(dir, server: server, run: "metrics_file = \"textfile/newsingest.prom\"")
        let first = try run(["run", "--config", config])
        XCTAssertEqual(first.status, 0, first.stderr)
        let path = dir + "/textfile/newsingest.prom"
        var metrics = try parseMetrics(path)
        XCTAssertEqual(value(metrics, "newsingest_articles", ["source": "demo", "outcome": "written"]), 10)
        XCTAssertEqual(value(metrics, "newsingest_articles", ["source": "demo-asia", "outcome": "written"]), 7)
        XCTAssertEqual(value(metrics, "newsingest_articles", ["source": "demo", "outcome": "failed"]), 0)
        XCTAssertEqual(value(metrics, "newsingest_feeds", ["source": "demo", "outcome": "read"]), 1)
        XCTAssertEqual(value(metrics, "newsingest_run_exit_code", ["command": "run"]), 0)
        XCTAssertEqual(value(metrics, "newsingest_spool_backlog_records", [:]), 17)
        XCTAssertEqual(value(metrics, "newsingest_near_duplicates", ["action": "flagged"]), 2)
        XCTAssertEqual(value(metrics, "newsingest_quarantined_items", [:]), 0)
        // 2 feeds + 17 articles answered 200; robots.txt answered 404.
        XCTAssertEqual(value(metrics, "newsingest_http_requests", ["status_class": "2xx"]), 19)
        XCTAssertEqual(value(metrics, "newsingest_http_requests", ["status_class": "4xx"]), 1)
        XCTAssertGreaterThan(value(metrics, "newsingest_http_body_bytes", ["status_class": "2xx"]) ?? 0, 50_000)
        let success = try XCTUnwrap(value(metrics, "newsingest_run_last_success_timestamp_seconds", [:]))
        XCTAssertEqual(success, Date().timeIntervalSince1970, accuracy: 120)
        XCTAssertGreaterThan(value(metrics, "newsingest_run_duration_seconds", [:]) ?? 0, 0)
        for sample in metrics.values.flatMap({ $0 }) { XCTAssertEqual(sample.labels["command"], "run") }

        // The second run: both feeds answer 304; the file is replaced whole, nothing else is left.
        XCTAssertEqual(try run(["run", "--config", config]).status, 0)
        metrics = try parseMetrics(path)
        XCTAssertEqual(value(metrics, "newsingest_feeds", ["source": "demo", "outcome": "not_modified"]), 1)
        XCTAssertEqual(value(metrics, "newsingest_articles", ["source": "demo", "outcome": "written"]), 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/textfile"), ["newsingest.prom"])
    }

    func testLogLinesAreJSONWithTheSourceURLStageAndReason() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let broken = "[[source]]\nid = \"gone\"\nfeed = \"\(server.url("/missing.xml"))\"\n"
        let config = try writeConfig(dir, server: server, extra: broken)
        // Not a terminal: JSON without asking.
        let outcome = try run(["run", "--config", config, "--log-level", "info"])
        XCTAssertEqual(outcome.status, 1, "a feed failed")
        let lines = outcome.stderr.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 17)
        var objects: [[String: Any]] = []
        for line in lines {
            let object = try XCTUnwrap(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
            XCTAssertNotNil(object["time"] as? String)
            XCTAssertNotNil(object["level"] as? String)
            XCTAssertNotNil(object["message"] as? String)
            objects.append(object)
        }
        let feedFailure = try XCTUnwrap(objects.first { $0["message"] as? String == "feed failed" })
        XCTAssertEqual(feedFailure["source"] as? String, "gone")
        XCTAssertEqual(feedFailure["level"] as? String, "error")
        XCTAssertEqual(feedFailure["feed.url"] as? String, server.url("/missing.xml"))
        XCTAssertNotNil(feedFailure["reason"])
        let written = objects.filter { $0["message"] as? String == "article written" }
        XCTAssertEqual(written.count, 17, "one info line per article written")
        XCTAssertEqual(Set(written.compactMap { $0["source"] as? String }), ["demo", "demo-asia"])
        XCTAssertTrue(written.allSatisfy { ($0["article.url"] as? String)?.hasPrefix(server.baseURL) == true })
        XCTAssertTrue(written.allSatisfy { $0["level"] as? String == "info" })

        let text = try run(["run", "--config", config, "--log-format", "text", "--log-level", "error"])
        XCTAssertTrue(text.stderr.contains("error newsingest: code=http_status"), text.stderr)
        XCTAssertEqual(try run(["run", "--config", config, "--log-format", "xml"]).status, 64)
    }

    func testRunSourceAndDryRun() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let config = try writeConfig(dir, server: server)
        let dry = try run(["run", "--config", config, "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        let listed = dry.stdout.split(separator: "\n").filter { $0.contains("\t") }
        XCTAssertEqual(listed.count, 17)
        XCTAssertEqual(listed.filter { $0.hasPrefix("demo\t") }.count, 10)
        XCTAssertTrue(dry.stdout.contains("discovered=17 dry_run=yes"), dry.stdout)
        XCTAssertEqual(SpoolReader(directory: dir + "/spool").newPaths().count, 0, "a dry run writes nothing")

        let one = try run(["run", "--config", config, "--source", "demo-asia"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertTrue(one.stdout.contains("feeds=1 feeds_failed=0 discovered=7 fetched=7 written=7 "), one.stdout)
        // The dry run kept no validators: demo's feed is read whole; demo-asia's answers 304.
        let all = try run(["run", "--config", config])
        XCTAssertTrue(all.stdout.contains("feeds=2 feeds_failed=0 discovered=10 fetched=10 written=10 "), all.stdout)
        let unknown = try run(["run", "--config", config, "--source", "nope"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("--source nope"), unknown.stderr)
    }

    /// Feeds are fetched with conditional GETs; a changed feed is read whole, and a source whose
    /// article failed for a passing reason keeps no validators, so its feed is read again.
    func testFeedsAreFetchedWithConditionalGETs() throws {
        let root = Repository.temporaryDirectory()
        let site = Repository.path("samples/site")
        for name in try FileManager.default.contentsOfDirectory(atPath: site) {
            try FileManager.default.copyItem(atPath: site + "/" + name, toPath: root + "/" + name)
        }
        let server = try TestServer(root: root)
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        try """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Flaky</title><link>/</link>
        <item><title>Down</title><link>\(server.url("/__test/status/503"))</link></item>
        </channel></rss>
        """.write(toFile: root + "/flaky.xml", atomically: true, encoding: .utf8)
        // A feed that cannot be used keeps no validators either: it is read whole (and fails
        // visibly) every run, never hidden behind a 304.
        try "<html><body><p>Not a feed.</p></body></html>".write(
            toFile: root + "/broken.xml", atomically: true, encoding: .utf8)
        let flaky =
            "[[source]]\nid = \"flaky\"\nfeed = \"\(server.url("/flaky.xml"))\"\n"
            + "[[source]]\nid = \"broken\"\nfeed = \"\(server.url("/broken.xml"))\"\n"
        let config = try writeConfig(dir, server: server, extra: "[fetch]\nmax_retries = 0\n" + flaky)
        let first = try run(["run", "--config", config])
        XCTAssertTrue(
            first.stdout.contains("feeds=4 feeds_failed=1 discovered=18 fetched=17 written=17 "), first.stdout)
        let second = try run(["run", "--config", config])
        // demo, demo-asia: 304; flaky: read whole, its article tried again; broken: fails again.
        XCTAssertTrue(second.stdout.contains("feeds=4 feeds_failed=1 discovered=1 fetched=0 "), second.stdout)
        // A changed feed is read whole; its articles answer 304 (or hash the same): unchanged.
        let rss = root + "/rss.xml"
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: rss)
        let third = try run(["run", "--config", config])
        XCTAssertTrue(third.stdout.contains("discovered=11 fetched=0 written=0 unchanged=10 failed=1"), third.stdout)
    }

    func testStatsShowEachSourceAndPruneForgetsOldState() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let config = try writeConfig(dir, server: server)
        XCTAssertEqual(try run(["run", "--config", config]).status, 0)
        let text = try run(["stats", "--config", config])
        XCTAssertEqual(text.status, 0, text.stderr)
        let demoRow = try XCTUnwrap(text.stdout.split(separator: "\n").first { $0.hasPrefix("demo ") })
        XCTAssertEqual(demoRow.split(separator: " ").dropFirst(2), ["0", "10", "10", "10", "0"])
        XCTAssertTrue(text.stdout.contains("spool backlog: 17 record(s) in new/"), text.stdout)
        let json = try run(["stats", "--config", config, "--format", "json"])
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let sources = try XCTUnwrap(report["sources"] as? [[String: Any]])
        let asia = try XCTUnwrap(sources.first { $0["source"] as? String == "demo-asia" })
        XCTAssertEqual(asia["articles"] as? Int, 7)
        XCTAssertEqual(asia["writtenLastWeek"] as? Int, 7)
        XCTAssertEqual(report["backlogRecords"] as? Int, 17)

        // Everything is a minute old: a one-day prune keeps it all.
        let prune = try run(["state", "prune", "--config", config, "--older-than", "1"])
        XCTAssertEqual(prune.status, 0, prune.stderr)
        XCTAssertTrue(prune.stdout.contains("validators=0 articles=0 fingerprints=0"), prune.stdout)
        XCTAssertEqual(try run(["state", "prune", "--config", config, "--older-than", "0"]).status, 64)
        let lock = try RunLock(stateDirectory: dir + "/state")
        XCTAssertEqual(try run(["state", "prune", "--config", config, "--older-than", "1"]).status, 75)
        withExtendedLifetime(lock) {}
    }

    func testVersion() throws {
        let version = try run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertEqual(version.stdout, "newsingest \(NewsIngestVersion.current)\n")
    }
}
