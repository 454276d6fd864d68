import XCTest

@testable import NewsIngest

/// The language rules of the bundled lexicon, as the cleaner builds them.
private let rules = CleanRules(lexicon: .bundled)

final class DateParserTests: XCTestCase {
    func testMachineFormats() throws {
        let utc = TimeZone(identifier: "UTC")!
        XCTAssertEqual(DateParser.parse("2025-10-26T08:30:00+07:00")?.iso8601, "2025-10-26T08:30:00+07:00")
        XCTAssertEqual(DateParser.parse("2025-10-26T01:30:00Z")?.iso8601, "2025-10-26T01:30:00+00:00")
        XCTAssertEqual(DateParser.parse("2025-10-26T08:30:00.123+0530")?.iso8601, "2025-10-26T08:30:00+05:30")
        XCTAssertEqual(DateParser.parse("Sun, 26 Oct 2025 08:30:00 +0700")?.iso8601, "2025-10-26T08:30:00+07:00")
        XCTAssertEqual(DateParser.parse("Sun, 26 Oct 2025 08:30:00 GMT")?.iso8601, "2025-10-26T08:30:00+00:00")
        XCTAssertEqual(DateParser.parse("2025/10/26 08:30", defaultZone: utc)?.iso8601, "2025-10-26T08:30:00+00:00")
        let jakarta = try XCTUnwrap(TimeZone(identifier: "Asia/Jakarta"))
        XCTAssertEqual(DateParser.parse("2025-10-26 08:30", defaultZone: jakarta)?.iso8601, "2025-10-26T08:30:00+07:00")
        XCTAssertEqual(DateParser.parse("2025-10-26", defaultZone: jakarta)?.iso8601, "2025-10-26T00:00:00+07:00")
        XCTAssertEqual(
            DateParser.parse("20180619T055000+0900")?.iso8601, "2018-06-19T05:50:00+09:00", "ISO 8601 basic format")
        XCTAssertEqual(DateParser.parse("2023 Jan 7")?.iso8601, "2023-01-07T00:00:00+00:00", "citation order")
        XCTAssertEqual(DateParser.parse("2024 June 30")?.iso8601, "2024-06-30T00:00:00+00:00")
        XCTAssertNil(DateParser.parse("2024 Foo 30"))
        XCTAssertNil(DateParser.parse("2025-02-31"))
        XCTAssertNil(DateParser.parse("yesterday"))
        let now = try XCTUnwrap(DateParser.parse("2026-01-01T00:00:00Z")).date
        XCTAssertEqual(
            DateParser.firstPlausible(
                ["1970-01-01", "2030-01-01", "2025-06-01T10:00:00Z"], visible: rules.dates, defaultZone: utc, now: now)?
                .iso8601,
            "2025-06-01T10:00:00+00:00", "dates before 1990 or in the future are extraction errors")
    }

    /// RFC 822's zone names and the press's common ones: the offsets are the table's, and a
    /// name the table lacks is no zone (never a guess).
    func testZoneNames() {
        XCTAssertEqual(DateParser.parse("Sun, 26 Oct 2025 08:30:00 EDT")?.iso8601, "2025-10-26T08:30:00-04:00")
        XCTAssertEqual(DateParser.parse("2025-10-26 08:30 WIB")?.iso8601, "2025-10-26T08:30:00+07:00")
        XCTAssertTrue(DateParser.isZoneName("CEST"))
        XCTAssertFalse(DateParser.isZoneName("XYZ"))
    }
}
