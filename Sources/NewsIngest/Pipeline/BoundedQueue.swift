import Foundation

/// A blocking FIFO hand-off between two stages with a fixed capacity.
///
/// `put` waits while the queue is full, so a slow stage holds back the one upstream and memory
/// stays flat whatever the input size. `take` waits while it is empty and returns nil once the
/// queue is closed and drained.
///
/// `@unchecked Sendable`: every access to the buffer happens under `condition`'s lock.
public final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false
    public let capacity: Int

    public init(capacity: Int) {
        precondition(capacity > 0, "a bounded queue needs room for at least one item")
        self.capacity = capacity
        buffer = Array(repeating: nil, count: capacity)
    }

    /// Adds an item, waiting for room. Returns false (dropping the item) if the queue is closed.
    @discardableResult
    public func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while count == capacity, !closed { condition.wait() }
        guard !closed else { return false }
        buffer[(head + count) % capacity] = element
        count += 1
        condition.broadcast()
        return true
    }

    /// Removes the oldest item, waiting for one; nil when closed and empty.
    public func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while count == 0, !closed { condition.wait() }
        guard count > 0 else { return nil }
        let element = buffer[head]
        buffer[head] = nil
        head = (head + 1) % capacity
        count -= 1
        condition.broadcast()
        return element
    }

    /// No more items will be put; takers drain what is left, then get nil.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    public var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }
}

/// A flag that a signal handler sets and the stages read.
public final class CancellationFlag: Sendable {
    private let cancelled = Locked(false)

    public init() {}

    public func cancel() { cancelled.withLock { $0 = true } }

    public var isCancelled: Bool { cancelled.current }
}
