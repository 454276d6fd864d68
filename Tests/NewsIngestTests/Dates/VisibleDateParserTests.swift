import TestSupport
import XCTest

@testable import NewsIngest

/// The language rules of the bundled lexicon, as the cleaner builds them.
private let rules = CleanRules(lexicon: .bundled)

final class VisibleDateParserTests: XCTestCase {
    private let utc = TimeZone(identifier: "UTC")!

    private func read(_ text: String, monthFirst: Bool = false) -> String? {
        rules.dates.firstDate(in: text, monthFirst: monthFirst, defaultZone: utc)?.iso8601
    }

    func testDatelinesInManyLanguages() {
        XCTAssertEqual(read("Veröffentlicht am 13. Mai 2026 um 15:44 3 Minuten Lesezeit"), "2026-05-13T15:44:00+00:00")
        XCTAssertEqual(read("erstellt: 01. April 2025, 15:25 in: Gesellschaft"), "2025-04-01T15:25:00+00:00")
        XCTAssertEqual(read("26 Oktober 2025"), "2025-10-26T00:00:00+00:00")
        XCTAssertEqual(read("Minggu, 26 Oktober 2025 08:30 WIB"), "2025-10-26T08:30:00+07:00")
        XCTAssertEqual(read("26/10/2025 08:30 GMT+7"), "2025-10-26T08:30:00+07:00")
        XCTAssertEqual(read("Thứ hai, 26/10/2025, 08:30 (GMT+7)"), "2025-10-26T08:30:00+07:00")
        XCTAssertEqual(read("26 tháng 10 năm 2025"), "2025-10-26T00:00:00+00:00")
        XCTAssertEqual(read("2025年10月26日 08:30"), "2025-10-26T08:30:00+00:00")
        XCTAssertEqual(read("2018年6月20日（水）"), "2018-06-20T00:00:00+00:00")
        XCTAssertEqual(read("2025年1月29日 18時40分"), "2025-01-29T18:40:00+00:00")
        XCTAssertEqual(read("입력 2025년 1월 29일 오후 6:40"), "2025-01-29T18:40:00+00:00")
        XCTAssertEqual(read("2025. 1. 29. 18:40"), "2025-01-29T18:40:00+00:00")
        XCTAssertEqual(read("2023-11-17 20:52:15 来源： 新华网"), "2023-11-17T20:52:15+00:00")
        XCTAssertEqual(read("By Nathan Willis March 25, 2015"), "2015-03-25T00:00:00+00:00")
        XCTAssertEqual(read("April 28, 2019 at 6:01 pm"), "2019-04-28T18:01:00+00:00")
        XCTAssertEqual(read("Apr. 2nd, 2019 12:15 a.m. EDT"), "2019-04-02T00:15:00-04:00")
        XCTAssertEqual(read("26 de octubre de 2025, 10:21"), "2025-10-26T10:21:00+00:00")
        XCTAssertEqual(read("1er mars 2025 à 15h30"), "2025-03-01T15:30:00+00:00")
        XCTAssertEqual(read("12 października 2025"), "2025-10-12T00:00:00+00:00")
        XCTAssertEqual(read("5. dubna 2025 10:12"), "2025-04-05T10:12:00+00:00")
        XCTAssertEqual(
            read("05 Nisan 2025 Cumartesi 14:02"), "2025-04-05T00:00:00+00:00",
            "a time after a long word is not this date's")
        XCTAssertEqual(read("26 октября 2025, 08:30"), "2025-10-26T08:30:00+00:00")
        XCTAssertEqual(read("kl. 15.30 fredag 4. juli 2025"), "2025-07-04T00:00:00+00:00")
        XCTAssertEqual(read("２０２５年１０月２６日"), "2025-10-26T00:00:00+00:00", "full-width digits")
    }

    func testDayAndMonthOrder() {
        XCTAssertEqual(read("04/05/2025"), "2025-05-04T00:00:00+00:00")
        XCTAssertEqual(read("04/05/2025", monthFirst: true), "2025-04-05T00:00:00+00:00")
        XCTAssertEqual(
            read("2/26/2015 7:11 AM PST", monthFirst: false), "2015-02-26T07:11:00-08:00", "a day over 12 settles it")
        XCTAssertEqual(read("26/2/2015", monthFirst: true), "2015-02-26T00:00:00+00:00")
        XCTAssertEqual(
            read("04.05.2025", monthFirst: true), "2025-05-04T00:00:00+00:00", "dots always put the day first")
    }

    func testNumbersThatAreNotDates() {
        XCTAssertNil(read("2 days ago"))
        XCTAssertNil(read("Page 3 of 12"))
        XCTAssertNil(read("20.000 Menschen demonstrierten"))
        XCTAssertNil(read("Call 0800 123 4567"))
        XCTAssertNil(read("31/02/2025"), "no such day")
        XCTAssertNil(read("13/13/2025"))
        XCTAssertNil(read("Mai 2026"), "a month without a day")
        XCTAssertNil(read("1850-01-01 was long ago"), "years outside 1990-2100")
    }

    func testDatelinesAreToldFromSentencesWithDates() {
        XCTAssertTrue(rules.dates.isDateline("Veröffentlicht am 13. Mai 2026 um 15:44"))
        XCTAssertTrue(rules.dates.isDateline("Updated May 13, 2026, 10:30 a.m."))
        XCTAssertTrue(rules.dates.isDateline("Dienstag, 13.05.2026, 15:44 Uhr"))
        XCTAssertTrue(rules.dates.isDateline("di Teresa Fallavollita 20 Novembre 2024"))
        XCTAssertTrue(rules.dates.isDateline("2025年10月26日 08:30 (GMT+7)"))
        XCTAssertFalse(rules.dates.isDateline("On 13 May 2026 the council met."), "a sentence")
        XCTAssertFalse(rules.dates.isDateline("The vote on 13 May 2026 was close and bitter"), "more than a label")
        XCTAssertFalse(rules.dates.isDateline("13. Mai 2026: 3 Tote bei Unfall"), "another number")
        // A reading-time estimate beside the date is no other number; a count of anything else is.
        XCTAssertTrue(rules.dates.isDateline("24 Apr 2000 • 3 min read"))
        XCTAssertTrue(rules.dates.isDateline("Dec 17, 2025 · 12 minutes"))
        XCTAssertFalse(rules.dates.isDateline("24 Apr 2000 • 3 comments"))
        XCTAssertFalse(rules.dates.isDateline("24 Apr 2000 • 3"))
        XCTAssertFalse(rules.dates.isDateline("Council meets"))
    }

    func testAVisibleLineIsReadWhenNoMachineFormatIs() throws {
        let now = try XCTUnwrap(DateParser.parse("2026-06-01T00:00:00Z")).date
        let jakarta = try XCTUnwrap(TimeZone(identifier: "Asia/Jakarta"))
        XCTAssertEqual(
            DateParser.firstPlausible(
                ["Selasa, 26 Mei 2026 08:30"], visible: rules.dates, defaultZone: jakarta, now: now)?.iso8601,
            "2026-05-26T08:30:00+07:00")
    }

    /// The time's grammar words are the lexicon's: a parser made from another lexicon reads
    /// another language's hour mark and afternoon word, and the bundled one does not.
    func testTheTimeGrammarComesFromTheLexicon() throws {
        let line = "26 октября 2025, 3ч30 дня"
        XCTAssertEqual(read(line), "2025-10-26T00:00:00+00:00", "no Russian hour mark in the bundled lexicon")
        let path = Repository.path("Sources/NewsIngest/Resources/lexicon.toml")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "[hour_marks]\n", with: "[hour_marks]\nru = [\"ч\"]\n")
        text = text.replacingOccurrences(of: "[meridiem_pm]\n", with: "[meridiem_pm]\nru = [\"дня\"]\n")
        let custom = VisibleDateParser(lexicon: try Lexicon(toml: text))
        XCTAssertEqual(custom.firstDate(in: line, defaultZone: utc)?.iso8601, "2025-10-26T15:30:00+00:00")
    }
}
