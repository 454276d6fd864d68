import XCTest

@testable import NewsIngest

/// The language rules of the bundled lexicon, as the cleaner builds them.
private let rules = CleanRules(lexicon: .bundled)

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
            let split = rules.captions.split(input)
            XCTAssertEqual(split.caption, caption, input)
            XCTAssertEqual(split.credit, credit, input)
        }
    }
}

final class BoilerplateRulesTests: XCTestCase {
    func testTokensSplitCamelCaseAndJoinPairs() {
        XCTAssertEqual(
            BoilerplateRules.tokens("read-more articleBody"),
            ["read", "more", "readmore", "article", "body", "articlebody"])
        XCTAssertEqual(
            BoilerplateRules.tokens("hasLeadingAd x"), ["has", "leading", "ad", "hasleading", "leadingad", "x"])
    }

    func testDatelinesAndCreditLines() {
        for line in ["28.4.2023 18:41 Uhr", "23. 12. 2024 13:31", "2025-01-13 21:37", "20/11/2026 09:15 GMT+07"] {
            XCTAssertTrue(rules.lines.isDatelineOnly(line), line)
        }
        for line in [
            "Am 28.4.2023 sprach der Minister.", "2024", "Tel. 0123 456 789 für Fragen zum Artikel und mehr Text",
        ] {
            XCTAssertFalse(rules.lines.isDatelineOnly(line), line)
        }
        XCTAssertTrue(rules.lines.isCreditLine("Foto: Michal Turek, Seznam Zprávy"))
        XCTAssertTrue(rules.lines.isCreditLine("Photo: AP"))
        // Source labels credit a chart or a picture too: one list of credit words for both rules.
        XCTAssertTrue(rules.lines.isCreditLine("Source: Salesforce"))
        XCTAssertTrue(rules.lines.isCreditLine("Kilde: Helsenorge.no"))
        XCTAssertEqual(rules.captions.split("Der Hafen am Morgen. Quelle: dpa").credit, "dpa")
        XCTAssertFalse(rules.lines.isCreditLine("Sources said the talks would resume on Monday."))
        XCTAssertFalse(rules.lines.isCreditLine("Photographers gathered at the gate before dawn."))
    }

    func testClassifyAgreesWithTheTokenLists() {
        let samples = [
            "share-buttons", "article-body", "post__tags", "tinLienQuan", "comment-list", "byline", "photo-caption",
            "sidebar-grid", "main-content", "ad", "read-more", "nothing here", "", "ÜberSicht share",
        ]
        for sample in samples {
            var expected: BoilerplateRules.TokenFlags = []
            for token in BoilerplateRules.tokens(sample) {
                if BoilerplateRules.strongNegativeTokens.contains(token) { expected.insert(.strongNegative) }
                if BoilerplateRules.weakNegativeTokens.contains(token) { expected.insert(.weakNegative) }
                if BoilerplateRules.positiveTokens.contains(token) { expected.insert(.positive) }
                if BoilerplateRules.captionTokens.contains(token) { expected.insert(.caption) }
                if BoilerplateRules.commentTokens.contains(token) { expected.insert(.comments) }
                if token == "byline" { expected.insert(.byline) }
            }
            XCTAssertEqual(BoilerplateRules.classify(sample), expected, sample)
        }
        XCTAssertTrue(BoilerplateRules.classify("box-tinlienquan").contains(.strongNegative))
        XCTAssertTrue(BoilerplateRules.classify("readMore").contains(.strongNegative), "camelCase pairs join too")
        // Tailwind's arbitrary variants style other elements: an article whose class styles its
        // figure captions is no caption.
        XCTAssertFalse(
            BoilerplateRules.classify("break-words [&_figcaption]:text-sm lg:[&_p_+_p]:mt-md").contains(.caption))
        XCTAssertTrue(BoilerplateRules.classify("break-words figcaption").contains(.caption))
        XCTAssertEqual(BoilerplateRules.tokens("w-[320px] share-bar"), BoilerplateRules.tokens("share-bar"))
    }
}
