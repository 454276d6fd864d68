import Foundation
import NewsIngest
import TestSupport
import XCTest

/// The deployment examples of config/deploy, as far as this machine can run them: the
/// Kubernetes manifests parse and agree with themselves (and their configuration passes `config
/// check`), and the Slurm script, run here with the variables Slurm sets, splits a WARC backfill
/// over its tasks on one PostgreSQL state.
final class DeploymentTests: CLITestCase {
    private static let shared = SharedPostgreSQLServer()

    override class func tearDown() { shared.stop() }

    func testKubernetesManifestsParseAndTheirConfigurationChecks() throws {
        let out = Repository.temporaryDirectory()
        let directory = Repository.path("config/deploy/kubernetes")
        let manifests = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }
        XCTAssertEqual(Set(manifests), ["newsingest-cron.yaml", "newsingest-backfill.yaml"])
        let checked = try run(
            [Repository.path("Tests/Scripts/check_manifests.py")] + manifests.sorted().map { directory + "/" + $0 }
                + ["--out", out], executable: URL(fileURLWithPath: "/usr/bin/python3"))
        XCTAssertEqual(checked.status, 0, checked.stderr)
        let listing = checked.stdout
        XCTAssertTrue(listing.contains("CronJob newsingest"), listing)
        XCTAssertTrue(listing.contains("Job newsingest-backfill"), listing)
        let check = try run(["config", "check", out + "/newsingest.toml"])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("state postgresql://newsingest@"), check.stdout)
    }

    func testSlurmArrayScriptSplitsAWARCBackfillOverItsTasks() throws {
        let postgres = try Self.shared.get()
        let stateURL = try postgres.createDatabase()
        let dir = Repository.temporaryDirectory()
        var paths: [String] = []
        for (index, slug) in try DemoArticle.all().keys.sorted().prefix(7).enumerated() {
            var warc = WARCBuilder()
            let html = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/site/\(slug).html"))))
            warc.response(uri: "https://archive\(index).example/\(slug).html", body: html)
            let path = dir + "/part-\(index).warc.gz"
            try warc.write(to: path, gzipPerRecord: true)
            paths.append(path)
        }
        try paths.joined(separator: "\n").write(toFile: dir + "/list.txt", atomically: true, encoding: .utf8)
        try "[run]\nspool_dir = \"spool\"\nstate_dir = \"state\"\nstate_url = \"\(stateURL)\"\n".write(
            toFile: dir + "/newsingest.toml", atomically: true, encoding: .utf8)

        // An array numbered 1-3 (Slurm's tasks need not start at 0), all tasks at once, as on
        // three nodes; they share the config, the state_dir and the spool.
        func task(_ id: Int) throws -> (Process, Pipe, Pipe) {
            try launchScript(id: id, dir: dir)
        }
        let tasks = try (1...3).map(task)
        for (process, _, err) in tasks {
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, stderr)
        }
        let records = try SpoolReader(directory: dir + "/spool").records()
        XCTAssertEqual(records.count, 7, "every file once, by one task")
        XCTAssertEqual(Set(records.map(\.id)).count, 7)
        for shard in 0..<3 {
            XCTAssertTrue(
                FileManager.default.fileExists(atPath: dir + "/state/shard-\(shard)-of-3/run.lock"),
                "each task's lock and crash journal in a directory of its own")
        }

        // Resubmitted, each task finds its part done and writes nothing.
        let (again, out, err) = try task(2)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        again.waitUntilExit()
        XCTAssertEqual(again.terminationStatus, 0, stderr)
        XCTAssertTrue(stderr.contains("already finished"), stdout + stderr)
        XCTAssertEqual(try SpoolReader(directory: dir + "/spool").records().count, 7)

        // Outside an array the script refuses to guess its task.
        let lost = try launchScript(id: nil, dir: dir)
        lost.0.waitUntilExit()
        XCTAssertNotEqual(lost.0.terminationStatus, 0)
    }

    /// The Slurm script as Slurm would start task `id` of an array numbered 1-3 (nil: outside
    /// an array), with the binary, config and list in the variables it reads.
    private func launchScript(id: Int?, dir: String) throws -> (Process, Pipe, Pipe) {
        var environment = [
            "NEWSINGEST": binary.path, "NEWSINGEST_CONFIG": dir + "/newsingest.toml",
            "NEWSINGEST_WARC_LIST": dir + "/list.txt",
        ]
        if let id {
            environment["SLURM_ARRAY_TASK_ID"] = "\(id)"
            environment["SLURM_ARRAY_TASK_MIN"] = "1"
            environment["SLURM_ARRAY_TASK_MAX"] = "3"
        }
        return try launch(
            [Repository.path("config/deploy/slurm/newsingest-backfill.sbatch")], environment: environment,
            executable: URL(fileURLWithPath: "/bin/bash"), directory: dir)
    }
}
