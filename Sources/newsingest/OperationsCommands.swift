import ArgumentParser
import Foundation
import NewsIngest

/// `newsingest stats`: what an operator asks first: when did each source last run, how much did
/// it bring, what fails, and is the spool draining.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Per source: last run, articles seen, written in the last day and week, failures by reason; "
            + "the spool's backlog.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(name: .long, help: "The TOML configuration file.")
    var config: String

    @Option(name: .long, help: "text (a table) or json.")
    var format: Format = .text

    struct Report: Codable {
        struct Command: Codable {
            var command: String
            var lastRun: Date?
            var lastExitCode: Int32?
            var lastSummary: String?
            var lastSuccess: Date?
        }

        var sources: [SourceOverview]
        var commands: [Command]
        var backlogRecords: Int
        var backlogOldestSeconds: Double
        var quarantined: Int
    }

    func run() throws {
        let configuration = try loadConfiguration(config)
        let report: Report
        do {
            let state = try StateLocation.open(configuration.run)
            let commands = try ["run", "backfill", "deliver"].map { command in
                let last = try state.lastRun(command: command)
                return Report.Command(
                    command: command, lastRun: last?.finished, lastExitCode: last?.exitCode,
                    lastSummary: last?.summary, lastSuccess: try state.lastSuccess(command: command))
            }
            let backlog = (try? SpoolConsumer(directory: configuration.run.spoolDir))?.backlog()
            report = Report(
                sources: try state.sourceOverviews(configured: configuration.sources.map(\.id), now: Date()),
                commands: commands, backlogRecords: backlog?.count ?? 0,
                backlogOldestSeconds: backlog?.oldestSeconds ?? 0,
                quarantined: try state.quarantinedCount())
        } catch {
            printError("newsingest: \(error)")
            throw ExitCode(ExitStatus.ioError.rawValue)
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        case .text:
            print(Self.text(report), terminator: "")
        }
    }

    static func text(_ report: Report) -> String {
        let formatter = ISO8601DateFormatter()
        func time(_ date: Date?) -> String { date.map { formatter.string(from: $0) } ?? "never" }
        func column(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }
        let width = max(8, (report.sources.map(\.source.count).max() ?? 0) + 2)
        var out =
            column("source", width) + column("last run", 22) + column("exit", 6) + column("articles", 10)
            + column("written 24h", 13) + column("written 7d", 12) + "failures 7d\n"
        for source in report.sources {
            out +=
                column(source.source.isEmpty ? "-" : source.source, width) + column(time(source.lastRun), 22)
                + column(source.lastExitCode.map { "\($0)" } ?? "-", 6) + column("\(source.articles)", 10)
                + column("\(source.writtenLastDay)", 13) + column("\(source.writtenLastWeek)", 12)
                + "\(source.failuresLastWeek.values.reduce(0, +))\n"
        }
        for source in report.sources where !source.failuresLastWeek.isEmpty {
            let reasons = source.failuresLastWeek.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            out += "  \(source.source.isEmpty ? "-" : source.source): \(reasons)\n"
        }
        out += "\n"
        for command in report.commands {
            out += column(command.command, 10) + "last \(time(command.lastRun))"
            if let code = command.lastExitCode { out += " exit \(code)" }
            out += ", last success \(time(command.lastSuccess))"
            if let summary = command.lastSummary, !summary.isEmpty { out += "\n          \(summary)" }
            out += "\n"
        }
        out += "\nspool backlog: \(report.backlogRecords) record(s) in new/"
        if report.backlogRecords > 0 { out += ", oldest \(Int(report.backlogOldestSeconds)) s" }
        out += "\nquarantined: \(report.quarantined)\n"
        return out
    }
}

/// `newsingest state prune`: the state's upkeep by hand (a `run` prunes once a day by itself
/// with `state_retention_days`).
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state", abstract: "Upkeep of the state database.", subcommands: [Prune.self])

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget state older than DAYS days.",
            discussion: """
                Removes validators of URLs not fetched since, articles not seen since (with their \
                near-duplicate fingerprints: such a page seen again is delivered as new), robots.txt \
                files, finished backfill jobs with their items, quarantine entries and run history. \
                Takes the run lock: exits 75 while a run holds it.
                """)

        @Option(name: .long, help: "The TOML configuration file.")
        var config: String

        @Option(name: .long, help: "Forget what is older than this many days (at least 1).")
        var olderThan: Int

        func validate() throws {
            guard olderThan >= 1 else { throw ValidationError("--older-than must be at least 1 day") }
        }

        func run() throws {
            let configuration = try loadConfiguration(config)
            let lock = try acquireRunLock(configuration)
            defer { withExtendedLifetime(lock) {} }
            do {
                let state = try StateLocation.open(configuration.run)
                let pruned = try state.prune(olderThan: Date().addingTimeInterval(-Double(olderThan) * 86_400))
                print("pruned \(pruned)")
            } catch {
                printError("newsingest: \(error)")
                throw ExitCode(ExitStatus.ioError.rawValue)
            }
        }
    }
}
