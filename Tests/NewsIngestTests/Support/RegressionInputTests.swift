import TestSupport
import XCTest

@testable import NewsIngest

/// Every input under `Tests/Regressions/<target>/` (crashes, leaks and hangs the fuzzers or
/// the hostile-input reproductions found, and the inputs that once took the process down) runs
/// through its fuzz target. A regression kills this test process: the suite fails.
final class RegressionInputTests: XCTestCase {
    func testEveryRegressionInputRunsThroughItsTarget() throws {
        let root = Repository.path("Tests/Regressions")
        let folders = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        var ran = 0
        for folder in folders {
            let target = try XCTUnwrap(FuzzTarget(rawValue: folder), "Tests/Regressions/\(folder) names no fuzz target")
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder).sorted() {
                let data = try Data(contentsOf: URL(fileURLWithPath: root + "/" + folder + "/" + name))
                target.run([UInt8](data))
                ran += 1
            }
        }
        XCTAssertGreaterThanOrEqual(ran, 13, "the regression inputs were found")
    }

    func testEveryTargetRunsOnEmptyAndTinyInputs() {
        for target in FuzzTarget.allCases {
            for input in [[], [0], [0xFF, 0xFE], Array("<".utf8), Array("\u{1F}\u{8B}".utf8)] as [[UInt8]] {
                target.run(input)
            }
        }
    }
}
