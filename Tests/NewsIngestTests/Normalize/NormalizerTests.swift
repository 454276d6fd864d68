import XCTest

@testable import NewsIngest

/// The language rules of the bundled lexicon, as the cleaner builds them.
private let rules = CleanRules(lexicon: .bundled)
private let stopwords = StopwordLanguageIdentifier(lexicon: .bundled)

final class NormalizerTests: XCTestCase {
    func testTextNormalization() {
        XCTAssertEqual(TextNormalizer.normalize("  a\u{200B}b\u{FEFF} \u{00A0}\u{3000}c\u{0007}d\u{202E}e  "), "ab cde")
        XCTAssertEqual(TextNormalizer.normalize("Cafe\u{0301}"), "Café")
        XCTAssertEqual(Array(TextNormalizer.normalize("Cafe\u{0301}").unicodeScalars).count, 4, "NFC")
        XCTAssertEqual(TextNormalizer.normalize("می\u{200C}خواهم"), "می\u{200C}خواهم", "ZWNJ is kept (Persian)")
        XCTAssertEqual(TextNormalizer.normalize("“quoted” ‘text’"), "“quoted” ‘text’", "typographic quotes are kept")
    }

    /// UTF-8 read as Latin-1 and encoded again is repaired when C1 controls show it; "Ã©"
    /// without them is left as written.
    func testDoubleEncodedUTF8IsRepaired() {
        XCTAssertEqual(
            TextNormalizer.normalize("A DIY Investor\u{E2}\u{80}\u{99}s Guide"), "A DIY Investor\u{2019}s Guide")
        XCTAssertEqual(TextNormalizer.normalize("\u{E2}\u{80}\u{9C}Quoted\u{E2}\u{80}\u{9D}"), "\u{201C}Quoted\u{201D}")
        XCTAssertEqual(TextNormalizer.normalize("caf\u{C3}\u{A9}"), "caf\u{C3}\u{A9}", "no C1 control: left alone")
        XCTAssertEqual(TextNormalizer.normalize("x\u{E2}\u{80}"), "x\u{E2}", "a sequence cut short is no character")
    }

    func testEntitiesAreNeverLeftEncoded() {
        XCTAssertEqual(
            TextNormalizer.normalize("Tom &amp; Jerry &#8217;s &#x263A; &eacute;t&eacute; &hellip;"),
            "Tom & Jerry ’s ☺ été …")
        XCTAssertEqual(TextNormalizer.normalize("AT&T &unknown; & a &#xZZ; &"), "AT&T &unknown; & a &#xZZ; &")
        XCTAssertEqual(TextNormalizer.normalize("a&nbsp;&nbsp;b"), "a b")
    }

    func testWordCount() {
        XCTAssertEqual(TextNormalizer.wordCount("The quick brown fox's tail."), 5)
        XCTAssertEqual(TextNormalizer.wordCount("杭州启用新型"), 6)
        XCTAssertEqual(TextNormalizer.wordCount("Hà Nội mở rộng"), 4)
        XCTAssertEqual(TextNormalizer.wordCount("東京 2025 news"), 4)
        // Thai: ICU's dictionary breaker finds words, not characters.
        let thai = "ประเทศไทยมีประชากรมากกว่าหกสิบล้านคน"
        let thaiWords = TextNormalizer.wordCount(thai)
        XCTAssertGreaterThanOrEqual(thaiWords, 6)
        XCTAssertLessThan(thaiWords, 12)
        XCTAssertLessThan(thaiWords, thai.count / 2)
    }

    /// The byte pass counts as the scalar pass does, on every script it reads (those that need
    /// the dictionary go to ICU before either).
    func testTheBytePassCountsWordsAsTheScalarPass() {
        var texts = [
            "", "a", "-", "it's a well-known fact — isn’t it?",
            "Ölçüm 2025’te, naïve café; ΑΘΗΝΑ и Москва", "e\u{301}te\u{301} combining",
            "한국어 문장 2025년 1월", "東京タワー、2025年", "مرحبا بالعالم ١٢٣",
            "emoji 👍🏽 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and \u{10FFFF}", "tab\tnew\nline_under_score @home #tag",
        ]
        var random = SplitMix64(seed: 11)
        let pools: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0xA0...0x24F, 0x300...0x36F, 0x370...0x52F, 0x2000...0x206F,
            0x3040...0x30FF, 0x4E00...0x4E80, 0xAC00...0xAC80, 0x1F300...0x1F6FF,
        ]
        for _ in 0..<300 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int(random.next() % 60) {
                let pool = pools[Int(random.next() % UInt64(pools.count))]
                let value = pool.lowerBound + UInt32(random.next() % UInt64(pool.count))
                if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            }
            texts.append(String(scalars))
        }
        for text in texts {
            XCTAssertEqual(TextNormalizer.wordCount(text), TextNormalizer.wordCountByScalars(text), text)
        }
    }

    func testReadingTime() {
        XCTAssertEqual(TextNormalizer.readingTime(""), 0)
        XCTAssertEqual(TextNormalizer.readingTime("A short note."), 1)
        XCTAssertEqual(TextNormalizer.readingTime(Array(repeating: "word", count: 690).joined(separator: " ")), 3)
        XCTAssertEqual(TextNormalizer.readingTime(String(repeating: "字", count: 1200)), 3)
    }

    func testParagraphLanguagesOfAMixedArticle() {
        var article = CleanedArticle()
        article.url = "https://example.com/mixed"
        article.paragraphs = [
            Paragraph(
                "The delegation arrived in Hanoi on Monday for three days of talks on trade, climate and the "
                    + "digital economy."
            ),
            Paragraph(
                "Phái đoàn đã đến Hà Nội vào thứ Hai để bắt đầu ba ngày hội đàm về thương mại, khí hậu và kinh tế số."),
            Paragraph(
                "Both sides said they expected to sign several agreements before the end of the visit on "
                    + "Thursday evening."
            ),
            Paragraph(
                "Officials from the two trade ministries met separately to discuss tariffs on farm products and "
                    + "electronics."
            ),
            Paragraph("Short line."),
        ]
        let record = Normalizer().normalize(article, source: nil)
        XCTAssertEqual(record.language, "en")
        XCTAssertEqual(record.paragraphLanguages, ["en", "vi", "en", "en", "en"])
    }

    func testLanguageDetection() {
        let samples: [(String, String)] = [
            (
                "Pemerintah kota meluncurkan program bank sampah digital agar warga dapat menukar sampah "
                    + "plastik dengan saldo dompet digital di seluruh kota.",
                "id"
            ),
            (
                "Hà Nội mở rộng mạng lưới xe buýt điện ra các huyện ngoại thành để giảm ô nhiễm không khí vào "
                    + "mùa đông.",
                "vi"
            ),
            (
                "В субботу в Казани открыли пешеходный мост, который соединил набережную Кремля с новым парком "
                    + "на другом берегу реки.",
                "ru"
            ),
            (
                "افتتحت البلدية يوم الأربعاء مكتبة عامة جديدة في وسط المدينة تضم أكثر من ستين ألف كتاب باللغتين "
                    + "العربية والإنجليزية.",
                "ar"
            ),
            ("本月起，杭州市西湖区的一百二十个小区陆续启用新型智能垃圾分类站，居民刷卡即可投放垃圾，分类准确率明显提高。", "zh"),
            ("地方都市の商店街で、空き店舗を改装した小さな図書館が今月オープンし、子どもから高齢者まで多くの人が訪れている。", "ja"),
            (
                "The council voted on Thursday night to build a barrier along the eastern riverbank, ending a "
                    + "long dispute.",
                "en"
            ),
        ]
        for (text, code) in samples {
            XCTAssertEqual(LanguageDetector.detect(text, stopwords: stopwords).code, code, text)
        }
    }

    /// CLD2's compact model barely knows Zulu and Xhosa; function words decide, and a page's
    /// `lang="en"` (a CMS default) does not.
    func testZuluAndXhosaDespiteALyingLangAttribute() {
        let zulu = """
            Uhulumeni uthe uzokwakha izikole ezintsha esifundazweni futhi abantu bazothola amanzi ahlanzekile. \
            Ungqongqoshe \
            wathi lokhu kuzokwenzeka ngesikhathi esifushane ngoba kunesidingo esikhulu kakhulu. Kodwa abanye abantu \
            bathi \
            ukuthi uhulumeni akakwenzanga lokho akuthembisa ngonyaka odlule.
            """
        let xhosa = """
            Urhulumente uthe uza kwakha izikolo ezintsha kwiphondo kwaye abantu baza kufumana amanzi acocekileyo. \
            Umphathiswa \
            uthe oku kuza kwenzeka ngokukhawuleza kuba kukho imfuno enkulu kakhulu. Kodwa abanye abantu bathi \
            urhulumente \
            akakwenzanga oko wakuthembisayo kunyaka ophelileyo, kwaye bafuna iimpendulo ngoku.
            """
        XCTAssertEqual(LanguageDetector.detect(zulu, hint: "en", stopwords: stopwords).code, "zu")
        XCTAssertEqual(LanguageDetector.detect(xhosa, hint: "en", stopwords: stopwords).code, "xh")
        let english =
            "The government said it would build new schools in the province and that people would get clean water soon."
        XCTAssertEqual(LanguageDetector.detect(english, hint: "en", stopwords: stopwords).code, "en")
    }

    func testHintDecidesOnlyWhenDetectionIsUnsure() {
        let indonesian =
            "Pemerintah kota meluncurkan program bank sampah digital agar warga dapat menukar sampah plastik "
            + "dengan saldo dompet digital."
        XCTAssertEqual(
            LanguageDetector.detect(indonesian, hint: "ms", stopwords: stopwords).code, "ms",
            "Malay and Indonesian: the source hint decides")
        let english =
            "The council voted on Thursday night to build a flood barrier along the eastern riverbank, ending a "
            + "long dispute between residents."
        XCTAssertEqual(
            LanguageDetector.detect(english, hint: "de", stopwords: stopwords).code, "en",
            "a reliable detection beats a wrong hint")
        XCTAssertEqual(
            LanguageDetector.detect("ok", hint: "vi", stopwords: stopwords).code, "vi",
            "too little text: the hint decides")
        XCTAssertEqual(LanguageDetector.detect("", stopwords: stopwords).code, "und")
    }

    func testRecordAssembly() throws {
        var article = CleanedArticle()
        article.url = "https://News.Example.com/a?x=1#top"
        article.title = "  Title\u{200B} here "
        article.paragraphs = [
            Paragraph("First  paragraph about the council and its budget for next year."), Paragraph(" "),
            Paragraph("Second."),
        ]
        article.publishedRaw = ["not a date", "2025-10-26T08:30:00+07:00"]
        article.authors = ["  Jane\u{00A0}Roe "]
        article.duplicatesRemoved = 1
        let record = Normalizer().normalize(
            article, source: "example", fetchedAt: try XCTUnwrap(DateParser.parse("2026-01-01T00:00:00Z")).date)
        XCTAssertEqual(record.url, "https://News.Example.com/a?x=1#top")
        XCTAssertEqual(record.canonicalURL, "https://news.example.com/a?x=1")
        XCTAssertEqual(record.id, ArticleIdentity.recordID(canonicalURL: "https://news.example.com/a?x=1"))
        XCTAssertEqual(record.id.count, 32)
        XCTAssertEqual(record.title, "Title here")
        XCTAssertEqual(record.text, "First paragraph about the council and its budget for next year.\n\nSecond.")
        XCTAssertEqual(record.paragraphCount, 2)
        XCTAssertEqual(record.authors, ["Jane Roe"])
        XCTAssertEqual(record.publishedAt, "2025-10-26T08:30:00+07:00")
        XCTAssertEqual(record.fetchedAt, "2026-01-01T00:00:00+00:00")
        XCTAssertEqual(record.duplicatesRemoved, 1)
        XCTAssertEqual(record.source, "example")
        XCTAssertEqual(record.schemaVersion, 2)
        var changed = article
        changed.paragraphs.append(Paragraph("A correction was added."))
        let second = Normalizer().normalize(changed, source: "example")
        XCTAssertEqual(second.id, record.id)
        XCTAssertNotEqual(second.contentHash, record.contentHash)
    }

    func testEnglishDatesAreReadDayFirstOutsideNorthAmerica() throws {
        var article = CleanedArticle()
        article.paragraphs = [
            Paragraph(
                "The council approved the budget for next year after a long and heated debate in the chamber on "
                    + "Tuesday."
            )
        ]
        article.publishedRaw = ["Published 04/05/2025 10:30"]
        let now = try XCTUnwrap(DateParser.parse("2026-01-01T00:00:00Z")).date
        article.url = "https://news.example.com/a"
        XCTAssertEqual(
            Normalizer().normalize(article, source: nil, fetchedAt: now).publishedAt, "2025-04-05T10:30:00+00:00")
        article.url = "https://news.example.co.uk/a"
        XCTAssertEqual(
            Normalizer().normalize(article, source: nil, fetchedAt: now).publishedAt, "2025-05-04T10:30:00+00:00")
        article.url = "https://news.example.com/a"
        article.declaredLanguage = "en-AU"
        XCTAssertEqual(
            Normalizer().normalize(article, source: nil, fetchedAt: now).publishedAt, "2025-05-04T10:30:00+00:00")
        XCTAssertTrue(Normalizer.writesDayFirst(declared: "en_GB", canonical: nil))
        XCTAssertFalse(Normalizer.writesDayFirst(declared: "en-US", canonical: "https://example.co.uk/"))
    }

    /// A page read from a file has no fetched URL: the canonical link it declares names it;
    /// without one, the record has no URL and its id follows from its text.
    func testPagesReadFromFilesAreKnownByTheirDeclaredCanonicalLink() throws {
        var article = CleanedArticle()
        article.paragraphs = [Paragraph("The council approved the budget for next year after a long debate.")]
        article.canonicalURL = "https://www.Example.com/news/budget.html?utm_source=rss"
        let record = Normalizer().normalize(article, source: nil)
        XCTAssertNil(record.url)
        XCTAssertEqual(record.canonicalURL, "https://www.example.com/news/budget.html")
        XCTAssertEqual(record.id, ArticleIdentity.recordID(canonicalURL: "https://www.example.com/news/budget.html"))
        article.canonicalURL = "/news/budget.html"
        let relative = Normalizer().normalize(article, source: nil)
        XCTAssertNil(relative.canonicalURL, "a relative link with nothing to resolve it against names nothing")
        XCTAssertEqual(relative.id.count, 32)
        XCTAssertNotEqual(relative.id, record.id)
    }

    func testRecordJSONHasEveryFieldAndRoundTrips() throws {
        var article = CleanedArticle()
        article.url = "https://example.com/x"
        article.paragraphs = [Paragraph("Some text for the record.")]
        let record = Normalizer().normalize(article, source: nil)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: try record.jsonData()) as? [String: Any])
        for key in [
            "schema_version", "id", "url", "canonical_url", "source", "title", "authors", "published_at", "language",
            "text",
            "paragraph_count", "word_count", "images", "fetched_at", "content_hash", "revision", "duplicates_removed",
            "source_url", "modified_at",
        ] {
            XCTAssertNotNil(object[key], "missing \(key)")
        }
        XCTAssertEqual(try JSONDecoder().decode(ArticleRecord.self, from: try record.jsonData()), record)
    }

    func testNoContentPagesSayWhyAndOldRecordsStillDecode() throws {
        let index =
            "<html><head><title>Harbour Ledger</title></head><body><nav>"
            + (1...30).map { "<a href=\"/\($0)\">Headline number \($0) about things</a>" }.joined(separator: " ")
            + "</nav></body></html>"
        let record = try Extractor().extract(bytes: Array(index.utf8), format: .html, url: "https://news.example.com/")
        XCTAssertEqual(record.text, "")
        XCTAssertEqual(record.noContent, "no_content")
        XCTAssertEqual(record.schemaVersion, 2)
        let json = String(decoding: try record.jsonData(), as: UTF8.self)
        for key in ["\"no_content\":\"no_content\"", "\"tags\":[]", "\"section\":null", "\"paywalled\":false"] {
            XCTAssertTrue(json.contains(key), key)
        }
        // A schema 1 record (before tags, section, paywalled, no_content) still reads.
        var old = try JSONSerialization.jsonObject(with: try record.jsonData()) as! [String: Any]
        for key in ["tags", "section", "paywalled", "no_content"] { old.removeValue(forKey: key) }
        old["schema_version"] = 1
        let decoded = try JSONDecoder().decode(
            ArticleRecord.self, from: try JSONSerialization.data(withJSONObject: old))
        XCTAssertEqual(decoded.schemaVersion, 1)
        XCTAssertEqual(decoded.tags, [])
        XCTAssertFalse(decoded.paywalled)
        XCTAssertNil(decoded.noContent)
    }

    /// A page that gives only an update date is dated by it: the date its reader sees.
    func testAnUpdateDateAloneDatesTheRecord() throws {
        var article = CleanedArticle()
        article.paragraphs = [Paragraph("The council met on Tuesday to vote.")]
        article.modifiedRaw = ["2025-10-08T09:00:00Z"]
        let now = try XCTUnwrap(DateParser.parse("2026-01-01T00:00:00Z")).date
        let record = Normalizer().normalize(article, source: nil, fetchedAt: now)
        XCTAssertEqual(record.publishedAt, "2025-10-08T09:00:00+00:00")
        XCTAssertEqual(record.modifiedAt, "2025-10-08T09:00:00+00:00")
        article.publishedRaw = ["2024-11-22T09:00:00Z"]
        XCTAssertEqual(
            Normalizer().normalize(article, source: nil, fetchedAt: now).publishedAt, "2024-11-22T09:00:00+00:00",
            "a publication date comes first")
    }
}
