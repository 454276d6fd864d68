import XCTest

@testable import NewsIngest

final class CharsetTests: XCTestCase {
    private func html(_ meta: String, _ body: String) -> String {
        "<html><head>\(meta)<title>t</title></head><body><p>\(body)</p></body></html>"
    }

    func testByteOrderMarkWinsOverEverything() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(html("<meta charset=\"iso-8859-1\">", "café").utf8)
        let decision = CharsetDetector.decide(bytes: bytes, contentType: "text/html; charset=windows-1251")
        XCTAssertEqual(decision.charset, "UTF-8")
        XCTAssertEqual(decision.evidence, .byteOrderMark)
    }

    func testHTTPHeaderBeforeMeta() {
        let page = html("<meta charset=\"utf-8\">", "café crème")
        let latin1 = Array(page.data(using: .isoLatin1)!)
        let decision = CharsetDetector.decide(bytes: latin1, contentType: "text/html; charset=ISO-8859-1")
        XCTAssertEqual(decision.charset, "WINDOWS-1252")
        XCTAssertEqual(decision.evidence, .httpHeader)
    }

    func testMetaDeclarationsAreFound() {
        XCTAssertEqual(CharsetDetector.metaCharset(Array("<meta charset='Shift_JIS'>".utf8)), "shift_jis")
        XCTAssertEqual(
            CharsetDetector.metaCharset(
                Array(#"<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=gb2312">"#.utf8)), "gb2312")
        XCTAssertNil(CharsetDetector.metaCharset(Array("<meta name=x content=y>".utf8)))
    }

    func testDeclarationThatLiesIsOverruled() throws {
        // A page re-encoded as UTF-8 that still says gb2312 (three dev-set pages do this).
        let page = html(
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">", "北京今天天气很好，人民群众出门散步。")
        let decision = CharsetDetector.decide(bytes: Array(page.utf8), contentType: nil)
        XCTAssertEqual(decision.charset, "UTF-8")
        XCTAssertEqual(decision.overruledDeclaration, "gb2312")
        let article = try HTMLCleaner().clean(bytes: Array(page.utf8), url: nil)
        XCTAssertTrue(article.paragraphs.map(\.text).joined().contains("北京今天天气很好"))
    }

    func testDeclaredUTF8ThatIsNotIsDetected() throws {
        let text =
            "Le café de la gare a rouvert ses portes après des années de travaux, à la grande joie des "
            + "habitants du quartier."
        let page = html("<meta charset=\"utf-8\">", text)
        let bytes = Array(page.data(using: .isoLatin1)!)
        let decision = CharsetDetector.decide(bytes: bytes, contentType: nil)
        XCTAssertNotEqual(decision.charset, "UTF-8")
        XCTAssertEqual(decision.overruledDeclaration, "utf-8")
        let article = try HTMLCleaner().clean(bytes: bytes, url: nil)
        XCTAssertEqual(article.paragraphs.first?.text, text)
    }

    func testLegacyCharsetDecodes() throws {
        // "中国人民，中国人民。" in GBK, declared as gb2312 (which the WHATWG standard reads as GBK).
        let gbk: [UInt8] = [
            0xD6, 0xD0, 0xB9, 0xFA, 0xC8, 0xCB, 0xC3, 0xF1, 0xA3, 0xAC, 0xD6, 0xD0, 0xB9, 0xFA, 0xC8, 0xCB, 0xC3, 0xF1,
            0xA1, 0xA3,
        ]
        let page =
            Array("<html><head><meta charset=\"gb2312\"></head><body><p>".utf8) + gbk + Array("</p></body></html>".utf8)
        XCTAssertEqual(CharsetDetector.decide(bytes: page, contentType: nil).charset, "GBK")
        let document = try XCTUnwrap(IconvConverter.toUTF8(page, from: "GBK"))
        XCTAssertTrue(String(decoding: document, as: UTF8.self).contains("中国人民，中国人民。"))
    }

    func testInvalidBytesBecomeReplacementCharacters() {
        let bytes: [UInt8] = Array("ok ".utf8) + [0xFF, 0xFE, 0x41]
        let repaired = String(decoding: IconvConverter.repairUTF8(bytes), as: UTF8.self)
        XCTAssertTrue(repaired.hasPrefix("ok "))
        XCTAssertTrue(repaired.contains("\u{FFFD}"))
        XCTAssertEqual(UTF8Validity.check(Array("plain".utf8)), .ascii)
        XCTAssertEqual(UTF8Validity.check(Array("Tiếng Việt".utf8)), .validNonASCII)
        XCTAssertEqual(
            UTF8Validity.check([0xC3]), .validNonASCII, "a sequence cut at the end is not evidence against UTF-8")
        XCTAssertEqual(UTF8Validity.check([0xC3, 0x41]), .invalid)
        XCTAssertEqual(UTF8Validity.check([0xED, 0xA0, 0x80]), .invalid, "surrogates are not UTF-8")
    }
}
