import XCTest

@testable import NewsIngest

final class IntegerSortTests: XCTestCase {
    /// The same order as the standard library's sort, on random arrays of every small length
    /// and on the shapes that make a naive quicksort quadratic.
    func testSortsAsTheStandardLibraryDoes() {
        var random = SplitMix64(seed: 7)
        for length in 0..<200 {
            let values = (0..<length).map { _ in random.next() % UInt64(max(1, length / 3)) }
            var sorted = values
            IntegerSort.sort(&sorted)
            XCTAssertEqual(sorted, values.sorted(), "length \(length)")
        }
        let n = 20_000
        let shapes: [String: [UInt64]] = [
            "ascending": (0..<n).map { UInt64($0) },
            "descending": (0..<n).map { UInt64(n - $0) },
            "equal": [UInt64](repeating: 42, count: n),
            "organ pipe": (0..<n).map { UInt64(min($0, n - $0)) },
            "sawtooth": (0..<n).map { UInt64($0 % 17) },
            "wide": (0..<n).map { _ in random.next() },
        ]
        for (name, values) in shapes {
            var sorted = values
            IntegerSort.sort(&sorted)
            XCTAssertEqual(sorted, values.sorted(), name)
        }
    }
}
