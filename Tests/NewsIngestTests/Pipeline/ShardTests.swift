import XCTest

@testable import NewsIngest

final class ShardTests: XCTestCase {
    func testRegistrableDomainsFollowThePublicSuffixList() {
        XCTAssertEqual(RegistrableDomain.of(host: "www.bbc.co.uk"), "bbc.co.uk")
        XCTAssertEqual(RegistrableDomain.of(host: "News.Example.COM"), "example.com")
        XCTAssertEqual(RegistrableDomain.of(host: "a.b.example.com.au"), "example.com.au")
        XCTAssertEqual(RegistrableDomain.of(host: "user.github.io"), "user.github.io", "a private suffix")
        XCTAssertEqual(RegistrableDomain.of(host: "co.uk"), "co.uk", "a bare suffix is its own")
        XCTAssertEqual(RegistrableDomain.of(url: "https://edition.cnn.com/2025/12/18/x"), "cnn.com")
        XCTAssertNil(RegistrableDomain.of(url: "not a url"))
    }

    /// A domain name written out in a page's text, for telling a logo from a headline.
    func testDomainNamesAreToldFromWordsWithDots() {
        XCTAssertTrue(RegistrableDomain.isDomainName("davidbau.com"))
        XCTAssertTrue(RegistrableDomain.isDomainName("SoundStageXperience.com"))
        XCTAssertTrue(RegistrableDomain.isDomainName("www.example.co.uk"))
        XCTAssertFalse(RegistrableDomain.isDomainName("Node.js"), "js is no suffix")
        XCTAssertFalse(RegistrableDomain.isDomainName("Vibe Coding"))
        XCTAssertFalse(RegistrableDomain.isDomainName("example..com"))
        XCTAssertFalse(RegistrableDomain.isDomainName("com"))
        XCTAssertFalse(RegistrableDomain.isDomainName("café.com"), "written out in ASCII only")
    }

    func testShardsAreReadFromArgumentsAndSchedulers() {
        XCTAssertEqual(Shard("2/3"), Shard(index: 2, count: 3))
        XCTAssertNil(Shard("3/3"))
        XCTAssertNil(Shard("-1/3"))
        XCTAssertNil(Shard("1"))
        XCTAssertEqual(Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "0"], count: 4), Shard(index: 0, count: 4))
        XCTAssertEqual(
            Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1"], count: 4),
            Shard(index: 3, count: 4), "a Slurm array counted from 1")
        XCTAssertNil(Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "4"], count: 4))
        XCTAssertNil(Shard.fromEnvironment([:], count: 4))
    }

    func testEverySiteBelongsToExactlyOneShard() throws {
        let hosts = (0..<200).flatMap { ["https://www.site\($0).com/a", "https://news.site\($0).com/b"] }
        var counts = [Int](repeating: 0, count: 4)
        for url in hosts {
            let owners = (0..<4).filter { try! XCTUnwrap(Shard(index: $0, count: 4)).owns(url: url) }
            XCTAssertEqual(owners.count, 1, url)
            counts[owners[0]] += 1
        }
        // The hosts of one site go together, and the sites spread over every shard.
        for index in 0..<200 {
            let www = (0..<4).first { Shard(index: $0, count: 4)!.owns(url: "https://www.site\(index).com/") }
            let news = (0..<4).first { Shard(index: $0, count: 4)!.owns(url: "https://news.site\(index).com/") }
            XCTAssertEqual(www, news)
        }
        XCTAssertTrue(counts.allSatisfy { $0 > 50 }, "\(counts)")
        XCTAssertTrue(Shard(index: 0, count: 1)!.owns(url: "https://example.com/"))
        XCTAssertEqual((0..<7).filter { Shard(index: 1, count: 3)!.owns(position: $0) }, [1, 4])
    }
}
