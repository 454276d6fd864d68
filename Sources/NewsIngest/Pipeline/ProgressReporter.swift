import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Progress of a long job: on a terminal a live line (done/total, rate, ETA, failures) that
/// rewrites itself twice a second; otherwise a log line every `interval` seconds.
public final class ProgressReporter: Sendable {
    private struct Counts {
        var done = 0
        var failed = 0
        var total: Int?
    }

    private let counts: Locked<Counts>
    private let label: String
    private let interval: Double
    private let live: Bool
    private let logger: Logger
    private let started = Date()
    /// Share of the input read (archives, whose record count is unknown up front).
    private let fraction: Locked<Double?> = Locked(nil)
    private let timer: Locked<DispatchSourceTimer?> = Locked(nil)

    /// `live`: draw on standard error (a terminal); otherwise log every `interval` seconds.
    public init(label: String, total: Int?, interval: Double, live: Bool = isatty(STDERR_FILENO) != 0, logger: Logger) {
        counts = Locked(Counts(total: total))
        self.label = label
        self.interval = interval
        self.live = live
        self.logger = logger
    }

    public func setTotal(_ total: Int?) { counts.withLock { $0.total = total } }

    /// For inputs counted in bytes: how much of them is read, 0 to 1.
    public func setFraction(_ value: Double) { fraction.withLock { $0 = value } }

    /// One item is finished (written, unchanged, skipped or failed).
    public func advance(failed: Bool = false) {
        counts.withLock {
            $0.done += 1
            if failed { $0.failed += 1 }
        }
    }

    public func start() {
        let source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "newsingest.progress"))
        let period = live ? 0.5 : interval
        source.schedule(deadline: .now() + period, repeating: period)
        source.setEventHandler { [self] in report() }
        source.resume()
        timer.withLock { $0 = source }
    }

    /// Stops the timer and reports once more (ending the live line).
    public func stop() {
        timer.withLock {
            $0?.cancel()
            $0 = nil
        }
        report()
        if live { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// "backfill 120/2000 6.0% 35.2/s ETA 53s failed 3"
    public var line: String {
        let c = counts.current
        let elapsed = max(0.001, Date().timeIntervalSince(started))
        let rate = Double(c.done) / elapsed
        var text = "\(label) \(c.done)"
        var share: Double?
        if let total = c.total {
            text += "/\(total)"
            if total > 0 { share = Double(c.done) / Double(total) }
        } else if let f = fraction.current {
            share = f
        }
        if let share { text += String(format: " %.1f%%", share * 100) }
        text += String(format: " %.1f/s", rate)
        if let share, share > 0, share < 1 {
            text += " ETA " + Self.duration(elapsed * (1 - share) / share)
        }
        text += " failed \(c.failed)"
        return text
    }

    private func report() {
        if live {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        } else {
            logger.notice("progress", metadata: ["progress": "\(line)"])
        }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m"
    }
}
