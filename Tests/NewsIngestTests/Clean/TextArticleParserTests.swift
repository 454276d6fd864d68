import TestSupport
import XCTest

@testable import NewsIngest

final class TextArticleParserTests: XCTestCase {
    /// The seed: what a naive scraper made of an Indonesian article.
    func testSeedArticleBecomesACleanRecord() throws {
        let bytes = try [UInt8](
            Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/article-id-hanoi-convention.txt"))))
        let record = try Extractor().extract(bytes: bytes, format: .text, url: nil)
        let paragraphs = record.paragraphs
        XCTAssertEqual(paragraphs.count, 10)
        XCTAssertEqual(record.paragraphCount, 10)
        XCTAssertEqual(record.duplicatesRemoved, 2)
        XCTAssertEqual(Set(paragraphs).count, paragraphs.count, "no paragraph repeats")
        XCTAssertTrue(paragraphs.contains("Beberapa gambar delegasi pada Sesi Diskusi."))
        XCTAssertEqual(paragraphs.first?.hasPrefix("Dalam pidato pembukaannya"), true)
        for marker in ["![](", "|", "Sumber:", "Komentar (0)", "Komentar"] {
            XCTAssertFalse(record.text.contains(marker), "body still has \(marker)")
        }
        XCTAssertEqual(record.images.count, 4)
        XCTAssertEqual(record.images.map(\.credit), ["Jackie Chan", "Thanh Long", "Gia Vu", "Jackie Chan"])
        XCTAssertEqual(
            record.images.first?.caption,
            "Ringkasan sesi diskusi tingkat tinggi yang diadakan pada pagi hari tanggal 26 Oktober.")
        for image in record.images {
            XCTAssertFalse(image.caption?.contains("Foto") ?? true, "credit left in caption: \(image)")
        }
        XCTAssertEqual(
            record.sourceURL,
            "https://baoquocte.vn/phien-thao-luan-cap-cao-ve-cong-uoc-ha-noi-tinh-doan-ket-quoc-te-trong-bao-ve-"
                + "khong-giant-mang-an-toan-lanh-manh-va-ben-vung-332240.html"
        )
        XCTAssertEqual(record.language, "id")
    }

    func testSamplesCopyIsTheSeed() throws {
        let seed = Repository.root.appendingPathComponent("../shared/seed/article-id-hanoi-convention.txt")
            .standardizedFileURL
        try XCTSkipUnless(FileManager.default.fileExists(atPath: seed.path), "shared/seed is not next to this checkout")
        XCTAssertEqual(
            try Data(contentsOf: seed),
            try Data(contentsOf: URL(fileURLWithPath: Repository.path("samples/article-id-hanoi-convention.txt"))))
    }

    func testImagesWithSourceAndAltAndBlankLineBlocks() {
        let text = """
            Title line

            First paragraph of the story,
            wrapped over two lines in the source.

            ![Harbour at dawn](https://img.example/1.jpg)
            | Boats leave the harbour at dawn. Photo: Ana Lima |

            ![]()

            Second paragraph.
            Source: https://example.org/original
            Comments (3)
            """
        let article = TextArticleParser().parse(text, titleFromFirstLine: true)
        XCTAssertEqual(article.title, "Title line")
        XCTAssertEqual(
            article.paragraphs.map(\.text),
            ["First paragraph of the story, wrapped over two lines in the source.", "Second paragraph."])
        XCTAssertEqual(
            article.images,
            [
                ArticleImage(
                    src: "https://img.example/1.jpg", alt: "Harbour at dawn",
                    caption: "Boats leave the harbour at dawn.", credit: "Ana Lima")
            ])
        XCTAssertEqual(article.sourceURL, "https://example.org/original")
    }
}
