import Foundation
import NewsIngest
import TestSupport
import XCTest

/// Runs the built `newsingest` binary end to end, against a loopback server the test starts.
final class CLITests: CLITestCase {
    func testRunTwice() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let config = try writeConfig(dir, server: server)
        let first = try run(["run", "--config", config])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(
            first.stdout.contains(
                "feeds=2 feeds_failed=0 discovered=17 fetched=17 written=17 unchanged=0 failed=0 skipped=0 "
                    + "near_duplicates=2"
            ), first.stdout)
        // The feeds answer 304 to the conditional GETs: they list nothing new, nothing is fetched.
        let second = try run(["run", "--config", config])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(
            second.stdout.contains("feeds=2 feeds_failed=0 discovered=0 fetched=0 written=0 unchanged=0 failed=0"),
            second.stdout)
        XCTAssertEqual(SpoolReader(directory: dir + "/spool").newPaths().count, 17)
    }

    func testSecondRunWhileOneHoldsTheLockExits75() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let config = try writeConfig(dir, server: server)
        let lock = try RunLock(stateDirectory: dir + "/state")
        let outcome = try run(["run", "--config", config])
        XCTAssertEqual(outcome.status, 75)
        XCTAssertTrue(outcome.stderr.contains("pid \(getpid())"), outcome.stderr)
        XCTAssertEqual(SpoolReader(directory: dir + "/spool").newPaths().count, 0)
        withExtendedLifetime(lock) {}
    }

    /// SIGKILL in the middle of a run: whatever reached new/ is complete; a new run finishes the job.
    func testKilledRunLeavesNoPartialRecord() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let config = try writeConfig(
            dir, server: server, extra: "[fetch]\nconcurrency = 4\nlow_speed_limit_bytes = 0\n")
        let slugs = try DemoArticle.all().keys.sorted()
        var urls = slugs.map { server.url("/\($0).html") }
        for i in 0..<6 { urls.insert(server.url("/__test/slow?bytes=40&delay=0.1&n=\(i)"), at: i * 2) }
        try urls.joined(separator: "\n").write(toFile: dir + "/urls.txt", atomically: true, encoding: .utf8)
        let (process, _, _) = try launch(["backfill", "--urls", dir + "/urls.txt", "--config", config])
        Thread.sleep(forTimeInterval: 1.5)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        for path in SpoolReader(directory: dir + "/spool").newPaths() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            XCTAssertNoThrow(try JSONDecoder().decode(ArticleRecord.self, from: data), "partial record \(path)")
        }
        let resumed = try run(["backfill", "--urls", dir + "/urls.txt", "--config", config])
        XCTAssertEqual(resumed.status, 1, "the slow endpoints are not articles: " + resumed.stdout)
        let records = try SpoolReader(directory: dir + "/spool").records()
        XCTAssertEqual(Set(records.map(\.id)).count, slugs.count)
    }

    /// A page that takes the process down must not take down every later run too: the crash
    /// journal names it, and after two crashes it is skipped as `crashed`; the rest arrive.
    func testAnArticleThatCrashesTheProcessIsQuarantined() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let config = try writeConfig(dir, server: server)
        let slugs = try DemoArticle.all().keys.sorted()
        let crasher = try XCTUnwrap(slugs.first { $0.hasSuffix("rail-line-reopens") })
        try slugs.map { server.url("/\($0).html") }.joined(separator: "\n").write(
            toFile: dir + "/urls.txt", atomically: true, encoding: .utf8)
        // Debug builds only: a page holding this text makes the cleaner write through a bad
        // pointer (only the crasher declares itself canonical; others link to it).
        let marker = "rel=\"canonical\" href=\"/\(crasher).html\""
        let pages = try slugs.map {
            try String(contentsOfFile: Repository.path("samples/site/\($0).html"), encoding: .utf8)
        }
        XCTAssertEqual(pages.filter { $0.contains(marker) }.count, 1)
        let environment = ["NEWSINGEST_TEST_CRASH_MARKER": marker]
        let backfill = ["backfill", "--urls", dir + "/urls.txt", "--config", config]
        for attempt in 1...2 {
            let crashed = try run(backfill, environment: environment)
            XCTAssertNotEqual(crashed.status, 0, "run \(attempt) dies on the page: \(crashed.stderr.suffix(400))")
            XCTAssertFalse(crashed.stdout.contains("written="), "no summary: the process was killed")
            if attempt == 2 {
                XCTAssertTrue(crashed.stderr.contains("an earlier run crashed on this article"), crashed.stderr)
            }
        }
        let third = try run(backfill, environment: environment)
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertTrue(third.stdout.contains("skipped=1"), third.stdout)
        XCTAssertTrue(third.stderr.contains("crashed: took down 2 runs"), third.stderr)
        let ids = Set(try SpoolReader(directory: dir + "/spool").records().compactMap(\.url))
        let others = Set(slugs.filter { $0 != crasher }.map { server.url("/\($0).html") })
        XCTAssertEqual(ids, others, "every other article arrives")
        // With --retry-quarantined it is tried again (and, the crash fixed, delivered).
        let retried = try run(backfill + ["--retry-quarantined"])
        XCTAssertEqual(retried.status, 0, retried.stderr)
        XCTAssertTrue(retried.stdout.contains("written=1 "), retried.stdout)
    }

    /// A backfill job is its list's URLs, not its path: a URL appended to a finished list is
    /// fetched, and the same list under another name is the finished job it was.
    func testABackfillJobIsKnownByTheURLsItsListHolds() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let config = try writeConfig(dir, server: server)
        let urls = try DemoArticle.all().keys.sorted().map { server.url("/\($0).html") }
        try urls.dropLast().joined(separator: "\n").write(toFile: dir + "/urls.txt", atomically: true, encoding: .utf8)
        let first = try run(["backfill", "--urls", dir + "/urls.txt", "--config", config])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("written=\(urls.count - 1) "), first.stdout)
        try FileManager.default.moveItem(atPath: dir + "/urls.txt", toPath: dir + "/moved.txt")
        let moved = try run(["backfill", "--urls", dir + "/moved.txt", "--config", config])
        XCTAssertEqual(moved.status, 0, moved.stderr)
        XCTAssertTrue(moved.stderr.contains("this backfill already finished"), moved.stderr)
        try (urls.joined(separator: "\n") + "\n").write(toFile: dir + "/moved.txt", atomically: true, encoding: .utf8)
        let appended = try run(["backfill", "--urls", dir + "/moved.txt", "--config", config])
        XCTAssertEqual(appended.status, 0, appended.stderr)
        XCTAssertTrue(appended.stdout.contains("written=1 unchanged=\(urls.count - 1) "), appended.stdout)
        XCTAssertEqual(SpoolReader(directory: dir + "/spool").newPaths().count, urls.count)
    }

    func testBackfillFromSitemapsWithADateWindowFinishesOnce() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let config = try writeConfig(dir, server: server)
        let inWindow = try DemoArticle.all().values.filter { $0.published.hasPrefix("2026-11-21") }.count
        XCTAssertGreaterThan(inWindow, 0)
        let arguments = [
            "backfill", "--sitemap", server.url("/sitemap.xml"), "--since", "2026-11-21", "--until", "2026-11-21",
            "--config", config,
        ]
        let first = try run(arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("written=\(inWindow) "), first.stdout)
        let second = try run(arguments)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stderr.contains("already finished"), second.stderr)
        let restarted = try run(arguments + ["--restart"])
        XCTAssertEqual(restarted.status, 0, restarted.stderr)
        XCTAssertTrue(restarted.stdout.contains("written=0 unchanged=\(inWindow) "), restarted.stdout)
        XCTAssertEqual(SpoolReader(directory: dir + "/spool").newPaths().count, inWindow)
    }

    func testBackfillFromWARCLogsProgressAndNeedsNoServer() throws {
        let dir = Repository.temporaryDirectory()
        try """
        [run]
        spool_dir = "spool"
        state_dir = "state"
        """.write(toFile: dir + "/newsingest.toml", atomically: true, encoding: .utf8)
        var warc = WARCBuilder()
        let slugs = try DemoArticle.all().keys.sorted()
        for slug in slugs {
            let html = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/site/\(slug).html"))))
            warc.response(uri: "https://harbour-ledger.example/\(slug).html", body: html)
        }
        try warc.write(to: dir + "/cc-news.warc.gz", gzipPerRecord: true)
        let outcome = try run([
            "backfill", "--warc", dir + "/cc-news.warc.gz", "--config", dir + "/newsingest.toml", "--progress-interval",
            "0.05",
        ])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("written=\(slugs.count) "), outcome.stdout)
        XCTAssertTrue(
            outcome.stderr.contains("progress"), "a progress line is logged when not on a terminal: \(outcome.stderr)")
        XCTAssertTrue(outcome.stderr.contains("backfill \(slugs.count) 100.0%"), outcome.stderr)
    }

    func testBackfillArgumentsAreChecked() throws {
        let dir = Repository.temporaryDirectory()
        try "[run]\n".write(toFile: dir + "/c.toml", atomically: true, encoding: .utf8)
        for arguments in [
            ["backfill", "--config", dir + "/c.toml"],
            ["backfill", "--urls", "u.txt", "--warc", "a.warc", "--config", dir + "/c.toml"],
            ["backfill", "--urls", "u.txt", "--since", "2026-01-01", "--config", dir + "/c.toml"],
            ["backfill", "--sitemap", "https://x.test/s.xml", "--since", "yesterday-ish", "--config", dir + "/c.toml"],
        ] {
            let outcome = try run(arguments)
            XCTAssertEqual(outcome.status, 64, "\(arguments): \(outcome.stderr)")
        }
        let missing = try run(["backfill", "--warc", dir + "/none.warc.gz", "--config", dir + "/c.toml"])
        XCTAssertEqual(missing.status, 65, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("cannot read \(dir)/none.warc.gz: no such file"), missing.stderr)
        // A directory was a raw Foundation error and exit 1: now the same code and a clear message.
        for arguments in [["backfill", "--warc", dir], ["backfill", "--urls", dir]] {
            let outcome = try run(arguments + ["--config", dir + "/c.toml"])
            XCTAssertEqual(outcome.status, 65, "\(arguments): \(outcome.stderr)")
            XCTAssertTrue(outcome.stderr.contains("cannot read \(dir): is a directory"), outcome.stderr)
        }
    }

    func testSIGTERMStopsCleanlyWithExitCode130() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let config = try writeConfig(
            dir, server: server, extra: "[fetch]\nconcurrency = 2\nlow_speed_limit_bytes = 0\n")
        let urls =
            (0..<20).map { server.url("/__test/slow?bytes=30&delay=0.1&n=\($0)") } + [
                server.url("/en/rail-line-reopens.html")
            ]
        try urls.joined(separator: "\n").write(toFile: dir + "/urls.txt", atomically: true, encoding: .utf8)
        let (process, out, _) = try launch(["backfill", "--urls", dir + "/urls.txt", "--config", config])
        Thread.sleep(forTimeInterval: 1.0)
        kill(process.processIdentifier, SIGTERM)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertTrue(stdout.contains("interrupted=yes"), stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/spool/tmp"), [])
    }

    func testExtractSeedAsText() throws {
        let outcome = try run([
            "extract", "--input-format", "text", Repository.path("samples/article-id-hanoi-convention.txt"),
        ])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let record = try JSONDecoder().decode(ArticleRecord.self, from: Data(outcome.stdout.utf8))
        XCTAssertEqual(record.paragraphCount, 10)
        XCTAssertEqual(record.images.count, 4)
        XCTAssertEqual(record.language, "id")
        let text = try run([
            "extract", "--input-format", "text", "--format", "text",
            Repository.path("samples/article-id-hanoi-convention.txt"),
        ])
        XCTAssertFalse(text.stdout.contains("Komentar"))
        XCTAssertTrue(text.stdout.contains("Beberapa gambar delegasi pada Sesi Diskusi."))
    }

    func testExtractFromStdinWithURL() throws {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["extract", "--url", "https://example.vn/a.html", "-"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(
            try Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/site/vi/lua-giam-phat-thai.html"))))
        input.fileHandleForWriting.closeFile()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let record = try JSONDecoder().decode(ArticleRecord.self, from: data)
        XCTAssertEqual(record.language, "vi")
        XCTAssertEqual(record.canonicalURL, "https://example.vn/vi/lua-giam-phat-thai.html")
    }

    func testExtractInputDirWritesJSONAndTextPerPage() throws {
        let input = Repository.temporaryDirectory("in")
        let output = Repository.temporaryDirectory("out")
        let pages = ["en/rail-line-reopens", "zh/hangzhou-laji-fenlei", "ar/tumur-ray"]
        for page in pages {
            let name = page.replacingOccurrences(of: "/", with: "-")
            try FileManager.default.createSymbolicLink(
                atPath: input + "/\(name).html", withDestinationPath: Repository.path("samples/site/\(page).html"))
        }
        try "not html".write(toFile: input + "/notes.txt", atomically: true, encoding: .utf8)
        let outcome = try run(["extract", "--input-dir", input, "--output-dir", output])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("files=3 written=3 empty=0 failed=0"), outcome.stdout)
        let expected = try DemoArticle.all()
        for page in pages {
            let name = page.replacingOccurrences(of: "/", with: "-")
            let text = try String(contentsOfFile: output + "/\(name).txt", encoding: .utf8)
            XCTAssertEqual(text, expected[page]!.paragraphs.joined(separator: "\n\n") + "\n")
            let record = try JSONDecoder().decode(
                ArticleRecord.self, from: Data(contentsOf: URL(fileURLWithPath: output + "/\(name).json")))
            XCTAssertEqual(record.language, expected[page]!.lang)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: output + "/notes.json"))
    }

    func testExtractErrors() throws {
        XCTAssertEqual(try run(["extract", "/nonexistent/page.html"]).status, 65)
        let directory = try run(["extract", "/tmp"])
        XCTAssertEqual(directory.status, 65)
        XCTAssertTrue(directory.stderr.contains("cannot read /tmp: is a directory"), directory.stderr)
        XCTAssertEqual(try run(["extract"]).status, 64)
        XCTAssertEqual(try run(["extract", "--input-format", "pdf", "x"]).status, 64)
        XCTAssertEqual(try run(["extract", "--input-dir", "/tmp"]).status, 64)
    }

    /// Runs a system tool and returns its exit status.
    @discardableResult
    private func tool(_ path: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Mounts a tmpfs (root only: CI runs as root; elsewhere the test is skipped).
    private func mountTmpfs(_ path: String, options: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let status = try tool("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", path])
        try XCTSkipUnless(status == 0, "mounting a tmpfs needs root")
        addTeardownBlock { [self] in _ = try? tool("/bin/umount", ["-l", path]) }
    }

    /// A full disk stops delivery with 74 and a clear message, leaves nothing partial in new/,
    /// and the next run, once there is room, delivers what was missed.
    func testFullDiskExits74AndTheNextRunDeliversWhatWasMissed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        try mountTmpfs(dir + "/spool", options: "size=24k")
        let config = try writeConfig(dir, server: server)
        let slugs = try DemoArticle.all().keys.sorted()
        try slugs.map { server.url("/\($0).html") }.joined(separator: "\n").write(
            toFile: dir + "/urls.txt", atomically: true, encoding: .utf8)
        let backfill = ["backfill", "--urls", dir + "/urls.txt", "--config", config]
        let full = try run(backfill)
        XCTAssertEqual(full.status, 74, full.stderr)
        XCTAssertTrue(full.stderr.contains("No space left on device"), full.stderr)
        let reader = SpoolReader(directory: dir + "/spool")
        let before = try reader.records()
        XCTAssertLessThan(before.count, slugs.count, "the disk filled up before the end")
        let leftInTmp = try FileManager.default.contentsOfDirectory(atPath: dir + "/spool/tmp")
        XCTAssertEqual(leftInTmp, [], "no partial record left")

        XCTAssertEqual(try tool("/bin/mount", ["-o", "remount,size=16m", dir + "/spool"]), 0)
        let resumed = try run(backfill)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        let urls = try reader.records().compactMap(\.url)
        let expected = Set(slugs.map { server.url("/\($0).html") })
        XCTAssertEqual(Set(urls), expected, "every article arrives once there is room")
        XCTAssertEqual(urls.count, slugs.count, "none twice")
    }

    /// A read-only state directory: exit 74 with the path and the reason, before any fetch.
    func testUnwritableStateExits74() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        try mountTmpfs(dir + "/state", options: "size=1m,ro")
        let config = try writeConfig(dir, server: server)
        let outcome = try run(["run", "--config", config])
        XCTAssertEqual(outcome.status, 74, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains(dir + "/state"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.lowercased().contains("read-only"), outcome.stderr)
    }

    func testConfigCommands() throws {
        let defaults = try run(["config", "defaults"])
        XCTAssertEqual(defaults.status, 0)
        XCTAssertEqual(
            defaults.stdout, try String(contentsOfFile: Repository.path("config/newsingest.toml"), encoding: .utf8))
        let dir = Repository.temporaryDirectory()
        try "[run]\nsources_file = \"\(Repository.path("config/sources.example.toml"))\"\n".write(
            toFile: dir + "/good.toml", atomically: true, encoding: .utf8)
        let good = try run(["config", "check", dir + "/good.toml"])
        XCTAssertEqual(good.status, 0, good.stderr)
        try "[fetch]\ntimeout = 5\n".write(toFile: dir + "/bad.toml", atomically: true, encoding: .utf8)
        let bad = try run(["config", "check", dir + "/bad.toml"])
        XCTAssertEqual(bad.status, 78)
        XCTAssertTrue(bad.stderr.contains("unknown key 'fetch.timeout'"), bad.stderr)
        let missing = try run(["run", "--config", dir + "/none.toml"])
        XCTAssertEqual(missing.status, 78)
        // `config check` passes exactly what `run` accepts: the defaults name no source.
        for command in [["run", "--config"], ["config", "check"]] {
            let noSources = try run(command + [Repository.path("config/newsingest.toml")])
            XCTAssertEqual(noSources.status, 78, command.joined(separator: " "))
            XCTAssertTrue(noSources.stderr.contains("no [[source]]"), noSources.stderr)
        }
    }

    func testUnwritableSpoolExits74() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/spool", contents: Data()))
        let config = try writeConfig(dir, server: server)
        XCTAssertEqual(try run(["run", "--config", config]).status, 74)
    }

    func testSpoolExportForAnIndexer() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let config = try writeConfig(dir, server: server)
        XCTAssertEqual(try run(["run", "--config", config]).status, 0)
        let peek = try run(["spool", "export", "--config", config, "--limit", "3"])
        XCTAssertEqual(peek.status, 0, peek.stderr)
        XCTAssertEqual(peek.stdout.split(separator: "\n").count, 3)
        XCTAssertTrue(peek.stderr.contains("exported=3 malformed=0"), peek.stderr)
        let bulk = try run(["spool", "export", "--config", config, "--format", "es-bulk", "--index", "news", "--claim"])
        XCTAssertEqual(bulk.status, 0, bulk.stderr)
        let lines = bulk.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 34, "an action and a record for each of 17")
        XCTAssertTrue(bulk.stdout.hasSuffix("\n"))
        for (action, record) in zip(lines.indices.filter { $0 % 2 == 0 }, lines.indices.filter { $0 % 2 == 1 }) {
            let meta = try JSONSerialization.jsonObject(with: Data(lines[action].utf8)) as? [String: Any]
            let index = meta?["index"] as? [String: Any]
            let body = try JSONDecoder().decode(ArticleRecord.self, from: Data(lines[record].utf8))
            XCTAssertEqual(index?["_id"] as? String, body.id)
            XCTAssertEqual(index?["version"] as? Int, body.revision)
            XCTAssertEqual(index?["version_type"] as? String, "external")
            XCTAssertEqual(index?["_index"] as? String, "news")
        }
        XCTAssertEqual(SpoolReader(directory: dir + "/spool").newPaths(), [], "claimed and removed")
        let again = try run(["spool", "export", "--config", config, "--claim"])
        XCTAssertEqual(again.status, 0)
        XCTAssertEqual(again.stdout, "")
        let wrong = try run(["spool", "export", "--config", config, "--index", "news"])
        XCTAssertEqual(wrong.status, 64)
        XCTAssertTrue(wrong.stderr.contains("--index goes with --format es-bulk"), wrong.stderr)
        let noSpool = try run(["spool", "export", "--config", Repository.path("config/newsingest.toml")])
        XCTAssertEqual(noSpool.status, 74, noSpool.stderr)
    }
    func testRunDeliversToAPostgreSQLSinkAndDeliverDrainsWhatIsLeft() throws {
        let postgres = try PostgreSQLServer()
        defer { postgres.stop() }
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let sink = "[[sink]]\nid = \"warehouse\"\ntype = \"postgresql\"\nurl = \"\(postgres.url)\"\n"
        let config = try writeConfig(dir, server: server, extra: sink)
        let first = try run(["run", "--config", config])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("delivered=17 inserted=17"), first.stdout)
        XCTAssertTrue(first.stdout.contains("backlog=0"), first.stdout)
        XCTAssertEqual(try postgres.query("SELECT count(*), count(DISTINCT source) FROM articles"), ["17|2"])
        XCTAssertEqual(SpoolReader(directory: dir + "/spool").newPaths(), [])

        // A sink that cannot be reached: 74, and the records wait in the spool for the next try.
        let plain = try writeConfig(
            Repository.temporaryDirectory(), server: server, run: "metrics_file = \"m/newsingest.prom\"")
        XCTAssertEqual(try run(["run", "--config", plain]).status, 0)
        let plainDir = URL(fileURLWithPath: plain).deletingLastPathComponent().path
        let plainSpool = plainDir + "/spool"
        let waiting = SpoolReader(directory: plainSpool).newPaths().count
        XCTAssertEqual(waiting, 17)
        let down = "postgresql://postgres@127.0.0.1:\(try PostgreSQLServer.freePort())/postgres?connect_timeout=2"
        let unreachable = try run(["deliver", "--config", plain, "--to", down])
        XCTAssertEqual(unreachable.status, 74, unreachable.stderr)
        XCTAssertEqual(SpoolReader(directory: plainSpool).newPaths().count, waiting)
        // deliver writes its metrics beside the run's file: exit code and backlog for alerts.
        var metrics = try parseMetrics(plainDir + "/m/newsingest-deliver.prom")
        XCTAssertEqual(metrics["newsingest_run_exit_code"]?.first?.value, 74)
        XCTAssertEqual(metrics["newsingest_spool_backlog_records"]?.first?.value, 17)
        XCTAssertNil(metrics["newsingest_run_last_success_timestamp_seconds"], "no delivery went through yet")
        let noSink = try run(["deliver", "--config", plain])
        XCTAssertEqual(noSink.status, 78, noSink.stderr)
        XCTAssertEqual(try run(["deliver", "--config", plain, "--to", "nowhere"]).status, 64)

        // The same articles from a second spool: the rows are there already, nothing changes.
        let again = try run(["deliver", "--config", plain, "--to", postgres.url])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("delivered=17 inserted=0 updated=0 unchanged=17"), again.stdout)
        metrics = try parseMetrics(plainDir + "/m/newsingest-deliver.prom")
        XCTAssertEqual(metrics["newsingest_run_exit_code"]?.first?.value, 0)
        XCTAssertEqual(
            metrics["newsingest_delivered_records"]?.first { $0.labels["outcome"] == "unchanged" }?.value, 17)
        XCTAssertEqual(metrics["newsingest_spool_backlog_records"]?.first?.value, 0)
        XCTAssertNotNil(metrics["newsingest_run_last_success_timestamp_seconds"])
        XCTAssertNotNil(try parseMetrics(plainDir + "/m/newsingest.prom")["newsingest_articles"], "the run's own file")
        XCTAssertEqual(SpoolReader(directory: plainSpool).newPaths(), [])
        XCTAssertEqual(try postgres.query("SELECT count(*) FROM articles"), ["17"])
    }
    /// The README's Python consumer, run as printed against a real spool.
    func testTheReadmesPythonConsumerDrainsTheSpool() throws {
        let server = try TestServer()
        defer { server.stop() }
        let dir = Repository.temporaryDirectory()
        let config = try writeConfig(dir, server: server)
        XCTAssertEqual(try run(["run", "--config", config]).status, 0)
        let readme = try String(contentsOfFile: Repository.path("README.md"), encoding: .utf8)
        let opening = try XCTUnwrap(readme.range(of: "A consumer of its own"))
        let fence = try XCTUnwrap(readme.range(of: "```python\n", range: opening.upperBound..<readme.endIndex))
        let close = try XCTUnwrap(readme.range(of: "\n```", range: fence.upperBound..<readme.endIndex))
        let example = String(readme[fence.upperBound..<close.lowerBound])
        XCTAssertLessThanOrEqual(example.split(separator: "\n").count, 11, "a ten-line example")
        let spool = dir + "/spool"
        let script =
            "def index(record): print(record[\"id\"], record[\"revision\"])\n"
            + example.replacingOccurrences(of: "\"/var/lib/newsingest/spool\"", with: "\"\(spool)\"")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(Set(printed.split(separator: "\n")).count, 17, printed)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: spool + "/new"), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: spool + "/cur"), [])
    }
}
