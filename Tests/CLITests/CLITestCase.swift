import Foundation
import NewsIngest
import TestSupport
import XCTest

/// Runs the built `newsingest` binary end to end, against a loopback server the test starts.
class CLITestCase: XCTestCase {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    var binary: URL { Bundle.main.bundleURL.appendingPathComponent("newsingest") }

    /// Starts `newsingest` (or another `executable`) with `environment` added to ours.
    func launch(
        _ arguments: [String], environment: [String: String] = [:], executable: URL? = nil, directory: String? = nil
    ) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], executable: URL? = nil) throws -> Outcome {
        let (process, out, err) = try launch(arguments, environment: environment, executable: executable)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The test server's request log (`/__test/log`): [seconds, host, path, user agent] rows,
    /// read with Python's client so that the test's own fetches do not enter it.
    func serverLog(_ server: TestServer) throws -> [[Any]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())",
            server.url("/__test/log"),
        ]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [[Any]])
    }

    /// (host, path, user agent) of every request the test server logged.
    func serverRequests(_ server: TestServer) throws -> [(host: String, path: String, agent: String)] {
        try serverLog(server).compactMap { row in
            guard row.count >= 4, let host = row[1] as? String, let path = row[2] as? String,
                let agent = row[3] as? String
            else { return nil }
            return (host, path, agent)
        }
    }

    /// The loopback test server is one origin: allow it, and drop the per-origin delay.
    let loopbackFetch =
        "allow_addresses = [\"127.0.0.1\"]\nper_host_delay_seconds = 0\nper_host_concurrency = 8"

    /// A configuration with the demo site's two feeds as sources `demo` and `demo-asia`; `run`
    /// adds lines to the `[run]` table, `extra` tables (a `[fetch]` given there is merged).
    func writeConfig(_ dir: String, server: TestServer, run: String = "", extra: String = "") throws -> String {
        let path = dir + "/newsingest.toml"
        let fetchTable =
            extra.contains("[fetch]")
            ? extra.replacingOccurrences(of: "[fetch]", with: "[fetch]\n\(loopbackFetch)")
            : "[fetch]\n\(loopbackFetch)\n" + extra
        try """
        [run]
        spool_dir = "spool"
        state_dir = "state"
        \(run)
        \(fetchTable)
        [[source]]
        id = "demo"
        feed = "\(server.url("/rss.xml"))"

        [[source]]
        id = "demo-asia"
        feed = "\(server.url("/atom.xml"))"
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A Prometheus text file read by the reference parser (Debian's python3-prometheus-client):
    /// family name → samples (labels, value). Fails the test when the file does not parse.
    func parseMetrics(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws
        -> [String: [(labels: [String: String], value: Double)]]
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Repository.path("Tests/Scripts/parse_metrics.py"), path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(path) does not parse: \(problem)", file: file, line: line)
        let families = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]], file: file, line: line)
        return families.mapValues { family in
            ((family["samples"] as? [[Any]]) ?? []).compactMap { sample in
                guard sample.count == 3, let labels = sample[1] as? [String: String],
                    let value = (sample[2] as? NSNumber)?.doubleValue
                else { return nil }
                return (labels, value)
            }
        }
    }

    override func setUpWithError() throws {
        try XCTSkipUnless(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the newsingest product first (make test does)")
    }
}
