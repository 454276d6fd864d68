import Foundation

/// A blocking FIFO hand-off between two stages with a fixed capacity.
///
/// `put` waits while the queue is full, so a slow stage holds back the one upstream and memory
/// stays flat whatever the input size. `take` waits while it is empty and returns nil once the
/// queue is closed and drained.
///
/// Takers and putters wait on separate conditions and are woken one at a time, only when one
/// waits: a hand-off costs no wake-up when nobody waits, and never wakes the wrong side.
///
/// `@unchecked Sendable`: every access to the buffer happens under `mutex`.
public final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let notEmpty = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let notFull = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var buffer: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false
    private var waitingTakers = 0
    private var waitingPutters = 0
    public let capacity: Int

    public init(capacity: Int) {
        precondition(capacity > 0, "a bounded queue needs room for at least one item")
        self.capacity = capacity
        buffer = Array(repeating: nil, count: capacity)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(notEmpty, nil)
        pthread_cond_init(notFull, nil)
    }

    deinit {
        pthread_cond_destroy(notFull)
        pthread_cond_destroy(notEmpty)
        pthread_mutex_destroy(mutex)
        notFull.deallocate()
        notEmpty.deallocate()
        mutex.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Adds an item, waiting for room. Returns false (dropping the item) if the queue is closed.
    @discardableResult
    public func put(_ element: Element) -> Bool {
        locked {
            while count == capacity, !closed {
                waitingPutters += 1
                pthread_cond_wait(notFull, mutex)
                waitingPutters -= 1
            }
            guard !closed else { return false }
            buffer[(head + count) % capacity] = element
            count += 1
            if waitingTakers > 0 { pthread_cond_signal(notEmpty) }
            return true
        }
    }

    /// Removes the oldest item, waiting for one; nil when closed and empty.
    public func take() -> Element? {
        locked {
            while count == 0, !closed {
                waitingTakers += 1
                pthread_cond_wait(notEmpty, mutex)
                waitingTakers -= 1
            }
            guard count > 0 else { return nil }
            let element = buffer[head]
            buffer[head] = nil
            head = (head + 1) % capacity
            count -= 1
            if waitingPutters > 0 { pthread_cond_signal(notFull) }
            return element
        }
    }

    /// No more items will be put; takers drain what is left, then get nil.
    public func close() {
        locked {
            closed = true
            pthread_cond_broadcast(notEmpty)
            pthread_cond_broadcast(notFull)
        }
    }

    public var isClosed: Bool { locked { closed } }
}

/// A flag that a signal handler sets and the stages read.
public final class CancellationFlag: Sendable {
    private let cancelled = Locked(false)

    public init() {}

    public func cancel() { cancelled.withLock { $0 = true } }

    public var isCancelled: Bool { cancelled.current }
}
