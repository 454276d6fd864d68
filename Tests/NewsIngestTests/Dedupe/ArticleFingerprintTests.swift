import TestSupport
import XCTest

@testable import NewsIngest

final class ArticleFingerprintTests: XCTestCase {
    private func body(_ slug: String) throws -> String {
        try DemoArticle.all()[slug]!.paragraphs.joined(separator: "\n\n")
    }

    func testSyndicatedCopiesAreSimilarDistinctArticlesAreNot() throws {
        let a = ArticleFingerprint(text: try body("en/ternate-volcano-erupts"))
        let b = ArticleFingerprint(text: try body("en/ternate-eruption-airport-closed"))
        let c = ArticleFingerprint(text: try body("en/ternate-villages-evacuated"))
        XCTAssertGreaterThanOrEqual(a.similarity(to: b), 0.5)
        XCTAssertGreaterThanOrEqual(b.similarity(to: c), 0.5)
        // Same topic (transport), different articles.
        let rail = ArticleFingerprint(text: try body("en/rail-line-reopens"))
        let flood = ArticleFingerprint(text: try body("en/flood-barrier-approved"))
        XCTAssertLessThan(rail.similarity(to: flood), 0.1)
        XCTAssertLessThan(a.similarity(to: rail), 0.1)
    }

    func testSameTopicDifferentReportsAreNotNearDuplicates() {
        // Two reports of the same event written independently share names and numbers, not text.
        let first = """
            The volcano on Ternate erupted on Saturday morning and sent ash four kilometres high. About 3,200 \
            people were \
            moved from nine villages, officials said, and the airport will stay closed for two days while crews \
            clear the runway.
            """
        let second = """
            Thousands of villagers on Ternate spent Saturday night in schools after the island's volcano erupted at \
            dawn. \
            Officials counted some 3,200 evacuees from nine villages; flights were cancelled and the runway is \
            covered in ash.
            """
        let similarity = ArticleFingerprint(text: first).similarity(to: ArticleFingerprint(text: second))
        XCTAssertLessThan(similarity, 0.2)
    }

    func testScriptsWithoutSpacesUseCharacterShingles() {
        let text = "本月起，杭州市西湖区的一百二十个小区陆续启用新型智能垃圾分类站，居民刷卡即可投放垃圾。新型分类站配备了称重和识别设备。"
        let copy = "【转载】" + text + "（来源：港湾日报）"
        XCTAssertGreaterThan(ArticleFingerprint(text: text).similarity(to: ArticleFingerprint(text: copy)), 0.7)
        XCTAssertGreaterThan(ArticleFingerprint(text: text).shingleCount, 40)
    }

    func testStableAcrossRunsAndRoundTripsThroughStorage() throws {
        let fingerprint = ArticleFingerprint(text: "one two three four five six")
        XCTAssertEqual(fingerprint.shingleCount, 4)
        XCTAssertEqual(ArticleFingerprint(data: fingerprint.data, shingleCount: 4), fingerprint)
        XCTAssertEqual(ArticleFingerprint(text: "one two three four five six").bandKeys, fingerprint.bandKeys)
        XCTAssertEqual(
            ArticleFingerprint(text: "").similarity(to: ArticleFingerprint(text: "")), 0, "empty bodies match nothing")
    }

    func testIndexFindsTheOriginalAndIgnoresStrangers() throws {
        let state = try StateStore(directory: Repository.temporaryDirectory())
        let original = ArticleFingerprint(text: try body("en/ternate-volcano-erupts"))
        let copy = ArticleFingerprint(text: try body("en/ternate-villages-evacuated"))
        let stranger = ArticleFingerprint(text: try body("en/rail-line-reopens"))
        XCTAssertNil(try state.nearestDuplicate(of: original, excluding: "a", threshold: 0.5))
        try state.storeFingerprint(id: "a", fingerprint: original, duplicateOf: nil)
        try state.storeFingerprint(id: "r", fingerprint: stranger, duplicateOf: nil)
        let match = try XCTUnwrap(try state.nearestDuplicate(of: copy, excluding: "b", threshold: 0.5))
        XCTAssertEqual(match.id, "a")
        XCTAssertNil(
            try state.nearestDuplicate(of: original, excluding: "a", threshold: 0.5),
            "an article is not its own duplicate")
        // A third copy points to the first original even when it resembles the second copy most.
        try state.storeFingerprint(id: "b", fingerprint: copy, duplicateOf: "a")
        XCTAssertEqual(try state.nearestDuplicate(of: copy, excluding: "c", threshold: 0.5)?.id, "a")
        // Copies are not indexed: a cluster costs one comparison however many copies it has.
        for i in 0..<50 { try state.storeFingerprint(id: "copy-\(i)", fingerprint: copy, duplicateOf: "a") }
        XCTAssertEqual(try state.indexedFingerprintCount(), 2, "a and r")
        XCTAssertEqual(try state.nearestDuplicate(of: copy, excluding: "d", threshold: 0.5)?.id, "a")
    }
}
