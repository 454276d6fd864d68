import Foundation

/// The dates a backfill or a source wants: entries dated outside are not fetched.
public struct DateWindow: Sendable, Equatable {
    public var since: Date?
    public var until: Date?

    public init(since: Date? = nil, until: Date? = nil) {
        self.since = since
        self.until = until
    }

    public static let all = DateWindow()

    public var isBounded: Bool { since != nil || until != nil }

    /// Whether an entry with this date belongs. An undated entry belongs only to an unbounded
    /// window: a backfill of one month must not pull in everything undated.
    public func contains(_ date: Date?) -> Bool {
        guard isBounded else { return true }
        guard let date else { return false }
        if let since, date < since { return false }
        if let until, date > until { return false }
        return true
    }

    /// Whether a sitemap whose `lastmod` is this can still hold entries of the window: one last
    /// changed before `since` cannot. Without a date it has to be read.
    public func mayContain(documentModified date: Date?) -> Bool {
        guard let since, let date else { return true }
        return date >= since
    }

    /// Parses a `--since`/`--until` value: a date ("2026-11-01", start of the day in UTC; for
    /// `until`, the end of that day) or a full timestamp.
    public static func parseBound(_ text: String, endOfDay: Bool) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 10, let day = DateParser.parse(trimmed + "T00:00:00Z") {
            return endOfDay ? day.date.addingTimeInterval(86_400 - 0.001) : day.date
        }
        return DateParser.parse(trimmed)?.date
    }
}
