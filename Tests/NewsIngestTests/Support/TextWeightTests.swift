import XCTest

@testable import NewsIngest

final class TextWeightTests: XCTestCase {
    func testTextWeightCountsLettersByScript() {
        // Letters and digits 1, scripts written without spaces 3 (also 4-byte Han), punctuation 0.
        XCTAssertEqual(TextWeight.of("abc, 12!").weight, 5)
        XCTAssertEqual(TextWeight.of("abc, 12!").commas, 1)
        XCTAssertEqual(TextWeight.of("Ärger über Öl").weight, 11)
        XCTAssertEqual(TextWeight.of("日本語、𠀀").weight, 12)
        XCTAssertEqual(TextWeight.of("日本語、𠀀").commas, 1)
        XCTAssertEqual(TextWeight.of("مرحبا، عالم").weight, 9)
        XCTAssertEqual(TextWeight.of("Привет — мир").weight, 9)
        XCTAssertEqual(TextWeight.of("").weight, 0)
    }

    func testCountingStopsAtALimit() {
        let long = String(repeating: "word ", count: 1000)
        XCTAssertEqual(TextWeight.of(long, stoppingAt: 50).weight, 50)
        XCTAssertEqual(TextWeight.of("日本語", stoppingAt: 5).weight, 6, "a character's weight is not split")
        XCTAssertEqual(TextWeight.of("abc", stoppingAt: 50).weight, 3)
        XCTAssertEqual(TextWeight.of(long).weight, 4000)
    }
}
