import XCTest

@testable import NewsIngest

final class SystemCallTests: XCTestCase {
    func testFailuresCarryErrno() {
        switch SystemCall.valueOrErrno({ close(-1) }) {
        case .success: XCTFail("closing -1 cannot succeed")
        case .failure(let error): XCTAssertEqual(error, Errno(rawValue: EBADF))
        }
        XCTAssertThrowsError(try SystemCall.check({ open("/nonexistent/x", O_RDONLY) }, orThrow: { $0 })) { error in
            XCTAssertEqual(error as? Errno, Errno(rawValue: ENOENT))
            XCTAssertEqual("\(error)", "No such file or directory")
        }
        XCTAssertEqual(try SystemCall.check({ Int32(7) }, orThrow: { $0 }), 7)
    }

    func testInterruptedCallsAreMadeAgain() {
        var calls = 0
        let result = SystemCall.valueOrErrno { () -> Int32 in
            calls += 1
            if calls < 3 {
                errno = EINTR
                return -1
            }
            return 0
        }
        XCTAssertEqual(try result.get(), 0)
        XCTAssertEqual(calls, 3)
    }
}
