import XCTest

@testable import NewsIngest

final class CaptionParserTests: XCTestCase {
    func testCreditsInManyForms() {
        let cases: [(String, String, String?)] = [
            ("Delegates at the session. (Foto: Jackie Chan)", "Delegates at the session.", "Jackie Chan"),
            ("Xe buýt điện chạy thử. (Ảnh: Lê Hoàng)", "Xe buýt điện chạy thử.", "Lê Hoàng"),
            ("Boats in the harbour. Photo: Ana Lima", "Boats in the harbour.", "Ana Lima"),
            ("The stadium at night | Photo by John Smith", "The stadium at night", "John Smith"),
            ("A flooded street © Reuters", "A flooded street", "Reuters"),
            ("Новый мост. (Фото: Алексей Миронов)", "Новый мост.", "Алексей Миронов"),
            ("居民在分类站投放垃圾。（摄影：张华）", "居民在分类站投放垃圾。", "张华"),
            ("Just a caption without a credit.", "Just a caption without a credit.", nil),
        ]
        for (input, caption, credit) in cases {
            let split = CaptionParser.split(input)
            XCTAssertEqual(split.caption, caption, input)
            XCTAssertEqual(split.credit, credit, input)
        }
    }
}
