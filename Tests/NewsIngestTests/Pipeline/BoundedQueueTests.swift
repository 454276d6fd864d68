import XCTest

@testable import NewsIngest

final class BoundedQueueTests: XCTestCase {
    func testFIFOAndCloseDrains() {
        let queue = BoundedQueue<Int>(capacity: 3)
        XCTAssertTrue(queue.put(1))
        XCTAssertTrue(queue.put(2))
        queue.close()
        XCTAssertFalse(queue.put(3), "a closed queue takes nothing")
        XCTAssertEqual(queue.take(), 1)
        XCTAssertEqual(queue.take(), 2)
        XCTAssertNil(queue.take())
    }

    func testAFullQueueBlocksTheProducer() {
        let queue = BoundedQueue<Int>(capacity: 2)
        let produced = Locked(0)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue(label: "producer").async {
            for i in 0..<10 {
                queue.put(i)
                produced.withLock { $0 += 1 }
            }
            queue.close()
            done.signal()
        }
        // The producer can get at most `capacity` items ahead of the consumer.
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(produced.current, 2)
        var taken: [Int] = []
        while let item = queue.take() {
            taken.append(item)
            XCTAssertLessThanOrEqual(produced.current - taken.count, 2)
        }
        done.wait()
        XCTAssertEqual(taken, Array(0..<10))
    }

    func testManyProducersAndConsumers() {
        let queue = BoundedQueue<Int>(capacity: 4)
        let sum = Locked(0)
        let group = DispatchGroup()
        for c in 0..<3 {
            group.enter()
            DispatchQueue(label: "consumer.\(c)").async {
                while let item = queue.take() { sum.withLock { $0 += item } }
                group.leave()
            }
        }
        DispatchQueue.concurrentPerform(iterations: 4) { p in
            for i in 0..<250 { queue.put(p * 1000 + i) }
        }
        queue.close()
        group.wait()
        let expected = (0..<4).reduce(0) { total, p in total + (0..<250).reduce(0) { $0 + p * 1000 + $1 } }
        XCTAssertEqual(sum.current, expected)
    }

    /// Wake-ups go one at a time and only to waiters: under heavy contention on a tiny queue no
    /// item is lost and nobody sleeps forever.
    func testNoLostWakeUpsUnderContention() {
        for capacity in [1, 2] {
            let queue = BoundedQueue<Int>(capacity: capacity)
            let taken = Locked(0)
            let group = DispatchGroup()
            for c in 0..<4 {
                group.enter()
                DispatchQueue(label: "consumer.\(c)").async {
                    while queue.take() != nil { taken.withLock { $0 += 1 } }
                    group.leave()
                }
            }
            let producers = DispatchGroup()
            for p in 0..<4 {
                producers.enter()
                DispatchQueue(label: "producer.\(p)").async {
                    for i in 0..<5000 { queue.put(i) }
                    producers.leave()
                }
            }
            XCTAssertEqual(producers.wait(timeout: .now() + 60), .success, "a producer never woke")
            queue.close()
            XCTAssertEqual(group.wait(timeout: .now() + 60), .success, "a consumer never woke")
            XCTAssertEqual(taken.current, 20_000)
        }
    }
}
