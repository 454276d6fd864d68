import CShims

/// A CPU-time budget for one page in one stage (`max_page_seconds`).
///
/// Every stage is near-linear in its input, but a page can still be huge or built to hurt;
/// the budget makes its cost bounded whatever it holds. The loops that grow with the input
/// (the model walk, paragraph dedupe, normalising, text-dump lines) ask ``exceeded`` and stop
/// early; the stage then fails the page alone with reason `time_budget`.
public enum PageBudget {
    /// The page used up its budget.
    public struct Exceeded: Error, CustomStringConvertible, Sendable {
        public let seconds: Double
        public var description: String { "time_budget: more than \(seconds) s of CPU" }
    }

    /// Runs `body` under a budget of `seconds` of this thread's CPU time (0: none) and throws
    /// ``Exceeded`` when it ran out, whatever `body` returned.
    public static func run<T>(seconds: Double, _ body: () throws -> T) throws -> T {
        guard seconds > 0 else { return try body() }
        ni_budget_start(seconds)
        let result = Result { try body() }
        if ni_budget_stop() != 0 { throw Exceeded(seconds: seconds) }
        return try result.get()
    }

    /// Whether the running budget is used up (false when none runs).
    @inline(__always) static var exceeded: Bool { ni_budget_exceeded() != 0 }
}
