import Foundation

/// Dates as pages print them for readers, found inside a line of text: "13. Mai 2026 um 15:44",
/// "26/10/2025 08:30 GMT+7", "2025年10月26日 08:30", "2018/6/19 5:50", "April 28, 2019 at 6:01 am",
/// "26 de octubre de 2025", "26 tháng 10 năm 2025", "2025년 1월 29일 오후 6:40".
///
/// The line is cut into tokens (numbers, words, single CJK characters, punctuation) and the
/// first run of tokens that reads as a day, a month and a four-digit year is the date; a time
/// and a zone right after it are read too. A four-digit year is required: "2 days ago" or
/// "page 3 of 12" never make a date.
struct VisibleDateParser: Sendable {
    /// Month names and their common abbreviations, lowercased, in the languages of the press we
    /// read (the lexicon's `month_names`): name → month number.
    let monthNames: [String: Int]
    /// Words between a date and its time: "um", "at", "lúc", "pukul".
    private let timeWords: Set<String>
    /// What may follow the day number: an ordinal suffix ("1er", "28th") or a connector
    /// ("26 de octubre").
    private let afterDay: Set<String>
    /// English ordinals after the day in month-first dates: "April 28th, 2019".
    private let englishDaySuffixes: Set<String>
    /// A word that says the next number is the month: Vietnamese "tháng 10".
    private let monthWords: Set<String>
    /// What may stand before the year: a connector ("de 2025") or a word for "year" ("năm 2025").
    private let beforeYear: Set<String>
    /// The characters after year, month and day in CJK dates: "2025年10月26日", "2025년 1월 29일".
    private let yearMarks: Set<String>
    private let monthMarks: Set<String>
    private let dayMarks: Set<String>
    /// Between the hour and the minutes ("15h30", "6時40分") and after the minutes ("分", "분").
    private let hourMarks: Set<String>
    private let minuteMarks: Set<String>
    /// After the time: "Uhr", "h" ("18:41 Uhr", "15 h").
    private let clockWords: Set<String>
    /// The first word of a Latin meridiem ("am", "a" of "a.m."): true for the afternoon.
    private let meridiemAfter: [String: Bool]
    /// The characters of a Hangul meridiem before the time ("오후 6:40"), and those of the
    /// afternoon's alone ("후": "오" is in both).
    private let meridiemBefore: Set<String>
    private let afternoonBefore: Set<String>
    /// What follows the number of a reading-time estimate beside a dateline: "3 min read".
    private let readingTimeUnits: Set<String>

    init(lexicon: Lexicon) {
        var table: [String: Int] = [:]
        for list in lexicon.lists(.monthNames) {
            for (index, name) in list.phrases.enumerated() where !name.isEmpty { table[name] = index + 1 }
        }
        monthNames = table
        timeWords = Set(lexicon.phrases(.timeWords))
        afterDay = Set(lexicon.phrases(.daySuffixes) + lexicon.phrases(.dateConnectors))
        englishDaySuffixes = Set(lexicon.lists(.daySuffixes).filter { $0.language == "en" }.flatMap(\.phrases))
        monthWords = Set(lexicon.phrases(.monthWords))
        beforeYear = Set(lexicon.phrases(.dateConnectors) + lexicon.phrases(.yearWords))
        yearMarks = Set(lexicon.phrases(.yearMarks))
        monthMarks = Set(lexicon.phrases(.monthMarks))
        dayMarks = Set(lexicon.phrases(.dayMarks))
        hourMarks = Set(lexicon.phrases(.hourMarks))
        minuteMarks = Set(lexicon.phrases(.minuteMarks))
        clockWords = Set(lexicon.phrases(.clockWords))
        readingTimeUnits = Set(lexicon.phrases(.readingTimeUnits))
        // Each phrase as the tokenizer cuts it: Latin ones by their first word, Hangul ones
        // character by character (the tokenizer makes each a token).
        let phrases = [false: lexicon.phrases(.meridiemAM), true: lexicon.phrases(.meridiemPM)]
        var after: [String: Bool] = [:]
        var before: [Bool: Set<String>] = [false: [], true: []]
        for (afternoon, list) in phrases {
            for phrase in list {
                guard let first = phrase.unicodeScalars.first else { continue }
                if Self.isUnspacedScript(first.value) {
                    before[afternoon, default: []].formUnion(phrase.map { String($0) })
                } else if let word = phrase.split(whereSeparator: { !$0.isLetter }).first {
                    after[String(word)] = afternoon
                }
            }
        }
        meridiemAfter = after
        meridiemBefore = before[false, default: []].union(before[true, default: []])
        afternoonBefore = before[true, default: []].subtracting(before[false, default: []])
    }

    /// The first date in `text`. `monthFirst` reads an ambiguous "04/05/2025" as April 5 (US
    /// English) instead of 4 May; a day over 12 settles it either way, and dots always mean day first.
    func firstDate(in text: String, monthFirst: Bool = false, defaultZone: TimeZone) -> OffsetDate? {
        firstDateSpan(in: tokenize(text), monthFirst: monthFirst, defaultZone: defaultZone)?.date
    }

    /// A line that is a date and little else: a label or a weekday ("Veröffentlicht am 13. Mai
    /// 2026 um 15:44", "Updated May 13, 2026", "Dienstag, 13.05.2026"), at most three words
    /// besides the date and time, short, and not a sentence (no final full stop).
    func isDateline(_ text: String) -> Bool {
        guard text.utf8.count <= 90, text.utf8.lazy.filter({ $0 >= 0x30 && $0 <= 0x39 }).count >= 4,
            !Whitespace.trim(text).hasSuffix(".") || text.hasSuffix("a.m.") || text.hasSuffix("p.m.")
        else { return false }
        let tokens = tokenize(text)
        guard let span = firstDateSpan(in: tokens, monthFirst: false, defaultZone: TimeZone(secondsFromGMT: 0)!) else {
            return false
        }
        var words = 0
        for (index, token) in tokens.enumerated() where !span.tokens.contains(index) {
            if case .word = token { words += 1 }
            // Another number makes it a sentence or a list, unless it counts a reading time.
            if case .number = token {
                guard index + 1 < tokens.count, case .word(let unit) = tokens[index + 1],
                    readingTimeUnits.contains(unit)
                else { return false }
            }
        }
        return words <= 3
    }

    private func firstDateSpan(in tokens: [Token], monthFirst: Bool, defaultZone: TimeZone) -> (
        date: OffsetDate, tokens: Range<Int>
    )? {
        for start in tokens.indices {
            guard case .number = tokens[start] else { continue }
            if let found = date(at: start, in: tokens, monthFirst: monthFirst)
                ?? namedMonthFirst(before: start, in: tokens)
            {
                let time = self.time(after: found.end, in: tokens)
                guard
                    let date = DateParser.build(
                        year: found.year, month: found.month, day: found.day, hour: time?.hour ?? 0,
                        minute: time?.minute ?? 0,
                        second: time?.second ?? 0, zone: time?.zone, hasTime: time != nil, defaultZone: defaultZone)
                else { return nil }
                return (date, found.start..<(time?.end ?? found.end))
            }
        }
        return nil
    }

    enum Token: Equatable {
        case number(Int, digits: Int)
        case word(String)
        case mark(Character)
    }

    func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var number = 0
        var digits = 0
        var word = ""
        func flush() {
            if digits > 0 { tokens.append(.number(number, digits: digits)) }
            if !word.isEmpty { tokens.append(.word(word.lowercased())) }
            number = 0
            digits = 0
            word = ""
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value >= 0x30 && value <= 0x39 {
                if !word.isEmpty { flush() }
                // Long digit runs (ids, phone numbers) are cut short; they never make a date part.
                if digits < 9 { number = number * 10 + Int(value - 0x30) }
                digits += 1
            } else if let fullWidth = fullWidthDigit(value) {
                if !word.isEmpty { flush() }
                if digits < 9 { number = number * 10 + fullWidth }
                digits += 1
            } else if Self.isUnspacedScript(value) {
                // Han, Kana and Hangul: each character is a token of its own ("年", "월").
                flush()
                tokens.append(.word(String(Character(scalar))))
            } else if scalar.properties.isAlphabetic {
                if digits > 0 { flush() }
                word.unicodeScalars.append(scalar)
            } else {
                flush()
                if !scalar.properties.isWhitespace { tokens.append(.mark(Character(scalar))) }
            }
        }
        flush()
        return tokens
    }

    private func fullWidthDigit(_ value: UInt32) -> Int? {
        value >= 0xFF10 && value <= 0xFF19 ? Int(value - 0xFF10) : nil
    }

    private static func isUnspacedScript(_ value: UInt32) -> Bool {
        (0x3040...0x30FF).contains(value) || (0x3400...0x9FFF).contains(value) || (0xAC00...0xD7AF).contains(value)
            || (0x3130...0x318F).contains(value)
    }

    private struct Found {
        var year: Int
        var month: Int
        var day: Int
        /// Index of the date's first token (a month's name before the day counts).
        var start: Int
        /// Index of the first token after the date.
        var end: Int
    }

    private func year(_ token: Token) -> Int? {
        if case .number(let value, let digits) = token, digits == 4, (1990...2100).contains(value) { return value }
        return nil
    }

    private func small(_ token: Token?, _ range: ClosedRange<Int>) -> Int? {
        if case .number(let value, let digits)? = token, digits <= 2, range.contains(value) { return value }
        return nil
    }

    /// A date starting with the number at `i`: numeric in any order, CJK with 年月日/년월일, or a
    /// day followed by a month's name ("13. Mai 2026", "26 de octubre de 2025", "1er mars 2025").
    private func date(at i: Int, in t: [Token], monthFirst: Bool) -> Found? {
        func at(_ k: Int) -> Token? { t.indices.contains(k) ? t[k] : nil }
        func isMark(_ k: Int, _ marks: Set<Character>) -> Bool {
            if case .mark(let c)? = at(k) { return marks.contains(c) }
            return false
        }
        func isWord(_ k: Int, _ words: Set<String>) -> Bool {
            if case .word(let w)? = at(k) { return words.contains(w) }
            return false
        }
        if let y = year(t[i]) {
            // 2025-10-26, 2025/10/26, 2025.10.26
            if isMark(i + 1, ["-", "/", "."]), let m = small(at(i + 2), 1...12), at(i + 3) == at(i + 1),
                let d = small(at(i + 4), 1...31)
            {
                return Found(year: y, month: m, day: d, start: i, end: isMark(i + 5, ["."]) ? i + 6 : i + 5)
            }
            // 2025年10月26日, 2025년 1월 29일
            if isWord(i + 1, yearMarks), let m = small(at(i + 2), 1...12), isWord(i + 3, monthMarks),
                let d = small(at(i + 4), 1...31), isWord(i + 5, dayMarks)
            {
                return Found(year: y, month: m, day: d, start: i, end: i + 6)
            }
            return nil
        }
        guard let first = small(t[i], 1...31) else { return nil }
        // 26.10.2025, 26/10/2025, 10/26/2025, 26-10-2025
        if isMark(i + 1, [".", "/", "-"]), let second = small(at(i + 2), 1...31), at(i + 3) == at(i + 1),
            let y = at(i + 4).flatMap(year)
        {
            let dots = isMark(i + 1, ["."])
            var (day, month) = (first, second)
            if second > 12 || (monthFirst && !dots && first <= 12) { (day, month) = (second, first) }
            guard month <= 12 else { return nil }
            return Found(year: y, month: month, day: day, start: i, end: i + 5)
        }
        // Day, then the month's name: "13. Mai 2026", "26 de octubre de 2025", "1er mars 2025",
        // "26 tháng 10 năm 2025".
        var k = i + 1
        if isMark(k, ["."]) { k += 1 }
        if isWord(k, afterDay) { k += 1 }
        var month: Int?
        if case .word(let name)? = at(k), let m = monthNames[name] {
            month = m
            k += 1
            if isMark(k, ["."]) { k += 1 }
        } else if isWord(k, monthWords), let m = small(at(k + 1), 1...12) {
            month = m
            k += 2
        }
        guard let month else { return nil }
        if isWord(k, beforeYear) || isMark(k, [","]) { k += 1 }
        guard let y = at(k).flatMap(year) else { return nil }
        return Found(year: y, month: month, day: first, start: i, end: k + 1)
    }

    /// "April 28, 2019", "Apr. 28 2019": the month's name before the day number at `i`.
    private func namedMonthFirst(before i: Int, in t: [Token]) -> Found? {
        var k = i - 1
        if k >= 0, t[k] == .mark(".") { k -= 1 }
        guard k >= 0, case .word(let name) = t[k], let month = monthNames[name], let day = small(t[i], 1...31) else {
            return nil
        }
        var j = i + 1
        if j < t.count, case .word(let suffix) = t[j], englishDaySuffixes.contains(suffix) { j += 1 }
        if j < t.count, t[j] == .mark(",") { j += 1 }
        guard j < t.count, let y = year(t[j]) else { return nil }
        return Found(year: y, month: month, day: day, start: k, end: j + 1)
    }

    private struct Time {
        var hour: Int
        var minute: Int
        var second: Int
        var zone: String?
        /// Index of the first token after the time and its zone.
        var end: Int
    }

    /// A time within a few tokens after the date: "15:44", "um 15:44 Uhr", "at 6:01 am", "15h30",
    /// "6時40分", "오후 6:40", "08:30 GMT+7", "(WIB) 08:30".
    private func time(after start: Int, in t: [Token]) -> Time? {
        func at(_ k: Int) -> Token? { t.indices.contains(k) ? t[k] : nil }
        var k = start
        var afternoon = false
        // Skip a weekday in brackets, a comma, "um"/"at"/"à"/"lúc"/"saat", Korean 오전/오후.
        for _ in 0..<5 {
            guard let token = at(k) else { return nil }
            if case .number = token { break }
            if case .word(let w) = token {
                if meridiemBefore.contains(w) {
                    afternoon = afternoon || afternoonBefore.contains(w)
                    k += 1
                    continue
                }
                guard w.count <= 6 || timeWords.contains(w) else { return nil }
            }
            k += 1
        }
        guard let hour = small(at(k), 0...23) else { return nil }
        var minute = 0
        var second = 0
        if at(k + 1) == .mark(":") || at(k + 1) == .mark(".") || isWord(at(k + 1), hourMarks) {
            guard case .number(let m, 2)? = at(k + 2), m < 60 else { return nil }
            minute = m
            k += 3
            if isWord(at(k), minuteMarks) { k += 1 }
            if at(k) == .mark(":"), case .number(let s, 2)? = at(k + 1), s < 60 {
                second = s
                k += 2
            }
        } else {
            return nil
        }
        var hour24 = hour
        if case .word(let w)? = at(k), let pm = meridiemAfter[w] {
            if pm, hour < 12 { hour24 = hour + 12 }
            if !pm, hour == 12 { hour24 = 0 }
            k += 1
            // The rest of a dotted form ("a.m.", "p. m."), however much of it is printed.
            if at(k) == .mark(".") { k += 1 }
            if at(k) == .word("m") { k += 1 }
            if at(k) == .mark(".") { k += 1 }
        }
        if afternoon, hour < 12 { hour24 = hour + 12 }
        if isWord(at(k), clockWords) { k += 1 }
        let zone = zone(at: k, in: t)
        return Time(hour: hour24, minute: minute, second: second, zone: zone.zone, end: zone.end)
    }

    private func isWord(_ token: Token?, _ words: Set<String>) -> Bool {
        if case .word(let w)? = token { return words.contains(w) }
        return false
    }

    /// "GMT+7", "UTC+02:00", "+0700", "WIB", "CEST" right after a time, and the index after it.
    private func zone(at start: Int, in t: [Token]) -> (zone: String?, end: Int) {
        func at(_ k: Int) -> Token? { t.indices.contains(k) ? t[k] : nil }
        var k = start
        if at(k) == .mark("(") { k += 1 }
        var name: String?
        if case .word(let w)? = at(k), DateParser.isZoneName(w) {
            name = w
            k += 1
        }
        if case .mark(let sign)? = at(k), sign == "+" || sign == "-" || sign == "−",
            case .number(let hours, let digits)? = at(k + 1)
        {
            let signText = sign == "+" ? "+" : "-"
            if digits == 4 { return (signText + String(format: "%04d", hours), closing(k + 2)) }
            if digits <= 2, hours <= 14 {
                if at(k + 2) == .mark(":"), case .number(let minutes, 2)? = at(k + 3) {
                    return (signText + String(format: "%02d%02d", hours, minutes), closing(k + 4))
                }
                return (signText + String(format: "%02d00", hours), closing(k + 2))
            }
        }
        return name == nil ? (nil, start) : (name, closing(k))

        func closing(_ end: Int) -> Int { at(end) == .mark(")") ? end + 1 : end }
    }
}
