import XCTest

@testable import NewsIngest

final class UTF8SearchTests: XCTestCase {
    func testFindsByteSequencesAnywhereAndOnlyWhole() {
        XCTAssertTrue(UTF8Search.contains(" and ", in: "Ana Ruiz and Bo Lee"))
        XCTAssertTrue(UTF8Search.contains("By", in: "By"))
        XCTAssertTrue(UTF8Search.contains("：", in: "写真：共同"))
        XCTAssertTrue(UTF8Search.contains("aab", in: "aaab"), "a partial match does not skip the next start")
        XCTAssertFalse(UTF8Search.contains(" and ", in: "Ana Ruiz andBo Lee"))
        XCTAssertFalse(UTF8Search.contains("abc", in: "ab"))
        XCTAssertFalse(UTF8Search.contains("：", in: "Foto: dpa"))
        XCTAssertTrue(UTF8Search.contains("", in: ""), "the empty needle is everywhere")
        XCTAssertFalse(UTF8Search.contains("x", in: ""))
    }
}
