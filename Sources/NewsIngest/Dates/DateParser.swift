import Foundation

/// A point in time with the UTC offset it was given in.
public struct OffsetDate: Sendable, Equatable {
    public var date: Date
    public var offsetSeconds: Int

    /// ISO 8601 with the original offset: "2025-10-26T08:30:00+07:00".
    public var iso8601: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetSeconds) ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let sign = offsetSeconds < 0 ? "-" : "+"
        let magnitude = offsetSeconds.magnitude
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0,
            c.minute ?? 0, c.second ?? 0, sign, magnitude / 3600, (magnitude % 3600) / 60)
    }
}

/// Parses the date formats pages and feeds use: ISO 8601 (extended or basic, with or without
/// time, zone, `T`), RFC 822/2822 (RSS), and `YYYY/MM/DD`; dates printed for readers are
/// ``VisibleDateParser``'s. A value without a zone takes `defaultZone`.
public enum DateParser {
    /// RFC 822's month abbreviations: the machine format's own grammar, English in every
    /// language (dates printed for readers use the lexicon's `month_names`).
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    /// Zone names with their offsets in hours: RFC 822's (UT, GMT, EST … PDT) and those the
    /// press prints after a time (CET, IST, WIB…). A table of values rather than a word list,
    /// so it stays here; the visible-date parser and the dateline rule read it through
    /// ``isZoneName(_:)`` and ``zoneNames``.
    private static let zoneAbbreviations: [String: Int] = [
        "gmt": 0, "utc": 0, "ut": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7, "cet": 1, "cest": 2, "bst": 1, "ist": 5, "jst": 9, "kst": 9, "wib": 7, "ict": 7,
    ]

    private static let isoPattern = try! NSRegularExpression(
        pattern: #"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"#
            + #"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{2,4})?$"#)
    /// ISO 8601's basic format: "20180619T055000+0900".
    private static let isoBasicPattern = try! NSRegularExpression(
        pattern: #"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$"#)
    private static let rfcPattern = try! NSRegularExpression(
        pattern: #"^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{2,4})"#
            + #"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{4}|[A-Za-z]{1,4})?$"#)

    /// The bibliographic order of citation metadata (`citation_publication_date`, NLM and
    /// Highwire): "2023 Jan 7", "2024 June 30".
    private static let citationPattern = try! NSRegularExpression(
        pattern: #"^(\d{4})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})$"#)

    public static func parse(_ raw: String, defaultZone: TimeZone = .gmt) -> OffsetDate? {
        let text = Whitespace.trim(raw)
        guard !text.isEmpty, text.count <= 64 else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        // `\d` matches every script's digits ("٢٠٢٤"), which `Int` does not read: a group that
        // is no ASCII number makes the whole value no date, never a trap.
        if let m = isoPattern.firstMatch(in: text, range: range) {
            let g = Groups(match: m, text: text)
            guard let year = g.number(1), let month = g.number(2), let day = g.number(3) else { return nil }
            return build(
                year: year, month: month, day: day, hour: g.number(4) ?? 0, minute: g.number(5) ?? 0,
                second: g.number(6) ?? 0, zone: g.text(7), hasTime: g.text(4) != nil, defaultZone: defaultZone)
        }
        if let m = isoBasicPattern.firstMatch(in: text, range: range) {
            let g = Groups(match: m, text: text)
            guard let year = g.number(1), let month = g.number(2), let day = g.number(3), let hour = g.number(4),
                let minute = g.number(5)
            else { return nil }
            return build(
                year: year, month: month, day: day, hour: hour, minute: minute, second: g.number(6) ?? 0,
                zone: g.text(7), hasTime: true, defaultZone: defaultZone)
        }
        if let m = rfcPattern.firstMatch(in: text, range: range) {
            let g = Groups(match: m, text: text)
            guard let name = g.text(2), let month = months.firstIndex(of: name.lowercased()), var year = g.number(3),
                let day = g.number(1)
            else { return nil }
            if year < 100 { year += year < 50 ? 2000 : 1900 }
            return build(
                year: year, month: month + 1, day: day, hour: g.number(4) ?? 0, minute: g.number(5) ?? 0,
                second: g.number(6) ?? 0, zone: g.text(7), hasTime: g.text(4) != nil, defaultZone: defaultZone)
        }
        if let m = citationPattern.firstMatch(in: text, range: range) {
            let g = Groups(match: m, text: text)
            guard let year = g.number(1), let name = g.text(2), let month = months.firstIndex(of: name.lowercased()),
                let day = g.number(3)
            else { return nil }
            return build(
                year: year, month: month + 1, day: day, hour: 0, minute: 0, second: 0, zone: nil, hasTime: false,
                defaultZone: defaultZone)
        }
        return nil
    }

    /// The groups of one match, read without force-unwrapping.
    private struct Groups {
        let match: NSTextCheckingResult
        let text: String

        func text(_ i: Int) -> String? { Range(match.range(at: i), in: text).map { String(text[$0]) } }

        /// The group as a number of ASCII digits; nil when absent or anything else.
        func number(_ i: Int) -> Int? {
            guard let value = text(i), !value.isEmpty, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                return nil
            }
            return Int(value)
        }
    }

    static func build(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, zone: String?, hasTime: Bool,
        defaultZone: TimeZone
    ) -> OffsetDate? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second)
        else { return nil }
        var components = DateComponents(
            year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59))
        var calendar = Calendar(identifier: .gregorian)
        let offset: Int
        if let zone, let parsed = parseOffset(zone) {
            offset = parsed
        } else {
            calendar.timeZone = defaultZone
            components.timeZone = defaultZone
            guard let local = calendar.date(from: components) else { return nil }
            offset = defaultZone.secondsFromGMT(for: local)
        }
        // parseOffset keeps to ±14:59 and zones to ±18 h, inside what TimeZone accepts; a nil
        // is still no date rather than a trap.
        guard let fixed = TimeZone(secondsFromGMT: offset) else { return nil }
        calendar.timeZone = fixed
        components.timeZone = calendar.timeZone
        guard let date = calendar.date(from: components) else { return nil }
        // Reject dates the calendar had to roll over (31 February).
        let check = calendar.dateComponents([.day, .month], from: date)
        guard check.day == day, check.month == month else { return nil }
        return OffsetDate(date: date, offsetSeconds: offset)
    }

    /// A zone abbreviation this parser knows ("gmt", "wib", "cest").
    /// The zone abbreviations we know, for rules that look for one after a time.
    static var zoneNames: [String] { Array(zoneAbbreviations.keys) }

    static func isZoneName(_ name: String) -> Bool { zoneAbbreviations[name.lowercased()] != nil }

    private static func parseOffset(_ zone: String) -> Int? {
        if let hours = zoneAbbreviations[zone.lowercased()] { return hours * 3600 }
        guard let sign = zone.first, sign == "+" || sign == "-" else { return nil }
        let digits = zone.dropFirst().filter(\.isNumber)
        guard digits.count == 2 || digits.count == 4, let value = Int(digits) else { return nil }
        let hours = digits.count == 2 ? value : value / 100
        let minutes = digits.count == 2 ? 0 : value % 100
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    /// The first candidate that parses to a plausible publication date: not before 1990 and
    /// not more than a day in the future (anything else is an extraction error).
    /// A candidate none of the machine formats reads is read as a line a reader sees ("13. Mai
    /// 2026 um 15:44", see ``VisibleDateParser``); `monthFirst` settles "04/05/2025" there.
    static func firstPlausible(
        _ candidates: [String], visible: VisibleDateParser, defaultZone: TimeZone, monthFirst: Bool = false,
        now: Date = Date()
    ) -> OffsetDate? {
        let earliest = Date(timeIntervalSince1970: 631_152_000)  // 1990-01-01
        for candidate in candidates {
            let parsed =
                parse(candidate, defaultZone: defaultZone)
                ?? visible.firstDate(in: candidate, monthFirst: monthFirst, defaultZone: defaultZone)
            if let parsed, parsed.date >= earliest,
                parsed.date <= now.addingTimeInterval(86_400)
            {
                return parsed
            }
        }
        return nil
    }
}
