import XCTest

@testable import NewsIngest

final class TOMLParserTests: XCTestCase {
    func testScalarsTablesAndComments() throws {
        let table = try TOMLParser.parse(
            """
            # comment
            title = "News \\"today\\"" # trailing comment
            literal = 'C:\\path'
            count = 1_000
            hex = 0xff
            ratio = 0.5
            on = true
            when = 2025-10-26T08:30:00+07:00

            [server.limits]
            max = 5
            list = [1, 2,
              3,]
            inline = { a = "x", b.c = 2 }
            """)
        XCTAssertEqual(table["title"], .string("News \"today\""))
        XCTAssertEqual(table["literal"], .string("C:\\path"))
        XCTAssertEqual(table["count"], .integer(1000))
        XCTAssertEqual(table["hex"], .integer(255))
        XCTAssertEqual(table["ratio"], .float(0.5))
        XCTAssertEqual(table["on"], .boolean(true))
        XCTAssertEqual(table["when"], .datetime("2025-10-26T08:30:00+07:00"))
        guard case .table(let server)? = table["server"], case .table(let limits)? = server["limits"] else {
            return XCTFail("nested table missing")
        }
        XCTAssertEqual(limits["max"], .integer(5))
        XCTAssertEqual(limits["list"], .array([.integer(1), .integer(2), .integer(3)]))
        guard case .table(let inline)? = limits["inline"], case .table(let b)? = inline["b"] else { return XCTFail("inline table") }
        XCTAssertEqual(inline["a"], .string("x"))
        XCTAssertEqual(b["c"], .integer(2))
    }

    func testArrayOfTablesAndMultilineStrings() throws {
        let table = try TOMLParser.parse(
            """
            [[source]]
            id = "a"
            note = \"\"\"
            one \\
              two\"\"\"
            [[source]]
            id = 'b'
            raw = '''
            x\\y'''
            """)
        guard case .array(let items)? = table["source"], items.count == 2,
            case .table(let first) = items[0], case .table(let second) = items[1]
        else { return XCTFail("array of tables") }
        XCTAssertEqual(first["id"], .string("a"))
        XCTAssertEqual(first["note"], .string("one two"))
        XCTAssertEqual(second["id"], .string("b"))
        XCTAssertEqual(second["raw"], .string("x\\y"))
    }

    func testErrorsNameTheLine() {
        XCTAssertThrowsError(try TOMLParser.parse("a = 1\nb = bare words\n")) { error in
            XCTAssertEqual((error as? TOMLError)?.line, 2)
        }
        XCTAssertThrowsError(try TOMLParser.parse("a = 1\na = 2\n")) { error in
            XCTAssertTrue("\(error)".contains("defined twice"))
        }
        XCTAssertThrowsError(try TOMLParser.parse("[t]\n[t]\n"))
        XCTAssertThrowsError(try TOMLParser.parse("s = \"unterminated\n"))
        XCTAssertThrowsError(try TOMLParser.parse("x = [1, 2"))
    }
}
