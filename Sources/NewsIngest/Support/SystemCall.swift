import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An `errno` value from a failed system call.
public struct Errno: Error, Equatable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public var description: String { String(cString: strerror(rawValue)) }

    /// The calling thread's `errno` now.
    static var current: Errno { Errno(rawValue: Glibc.errno) }
}

/// The one way a system call's failure is read, modelled on swift-system's `valueOrErrno`:
/// a call that answers -1 failed with `errno`, and one interrupted by a signal (EINTR) is made
/// again. Every call that reports through `errno` goes through here.
enum SystemCall {
    static func valueOrErrno<I: FixedWidthInteger>(retryOnInterrupt: Bool = true, _ call: () -> I) -> Result<I, Errno> {
        while true {
            let value = call()
            if value != -1 { return .success(value) }
            let error = Errno.current
            if retryOnInterrupt, error.rawValue == EINTR { continue }
            return .failure(error)
        }
    }

    /// `valueOrErrno` for a call whose failure is thrown as `wrap(errno)`.
    @discardableResult
    static func check<I: FixedWidthInteger>(
        retryOnInterrupt: Bool = true, _ call: () -> I, orThrow wrap: (Errno) -> any Error
    ) throws -> I {
        switch valueOrErrno(retryOnInterrupt: retryOnInterrupt, call) {
        case .success(let value): return value
        case .failure(let errno): throw wrap(errno)
        }
    }

    /// Writes all of `data` to `fd`, carrying on after short writes.
    static func writeAll(_ data: Data, to fd: Int32, orThrow wrap: (Errno) -> any Error) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                offset += try check({ Glibc.write(fd, base + offset, raw.count - offset) }, orThrow: wrap)
            }
        }
    }
}
