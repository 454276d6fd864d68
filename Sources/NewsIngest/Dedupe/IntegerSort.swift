/// An in-place ascending sort of 64-bit integers: introsort (quicksort with median-of-three
/// pivots, insertion sort under 16 elements, heapsort past a depth of 2·log2 n, so hostile
/// input cannot make it quadratic). The standard library's `sort()` is stable, and for plain
/// integers that buys nothing: the paragraph deduplicator's bigram sort spent 1.26 G of
/// 56.4 G instructions in it on the WCXB batch (callgrind, 2026-12-07). Integers equal are
/// indistinguishable, so the result is exactly `sort()`'s.
enum IntegerSort {
    static func sort(_ values: inout [UInt64]) {
        let count = values.count
        guard count > 1 else { return }
        var depthLimit = 0
        var n = count
        while n > 0 {
            depthLimit += 2
            n >>= 1
        }
        values.withUnsafeMutableBufferPointer { buffer in
            introsort(buffer, 0, count - 1, depthLimit)
        }
    }

    private static func introsort(_ a: UnsafeMutableBufferPointer<UInt64>, _ low: Int, _ high: Int, _ depth: Int) {
        var low = low
        var high = high
        var depth = depth
        while high - low >= 16 {
            if depth == 0 {
                heapsort(a, low, high)
                return
            }
            depth -= 1
            let pivot = medianOfThree(a, low, low + (high - low) / 2, high)
            // Hoare partition around the pivot's value.
            var i = low
            var j = high
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Recurse into the smaller side, loop on the larger: the stack stays O(log n).
            if j - low < high - i {
                if low < j { introsort(a, low, j, depth) }
                low = i
            } else {
                if i < high { introsort(a, i, high, depth) }
                high = j
            }
        }
        insertionSort(a, low, high)
    }

    private static func medianOfThree(_ a: UnsafeMutableBufferPointer<UInt64>, _ i: Int, _ j: Int, _ k: Int)
        -> UInt64
    {
        let x = a[i]
        let y = a[j]
        let z = a[k]
        if x < y { return y < z ? y : (x < z ? z : x) }
        return x < z ? x : (y < z ? z : y)
    }

    private static func insertionSort(_ a: UnsafeMutableBufferPointer<UInt64>, _ low: Int, _ high: Int) {
        guard high > low else { return }
        for i in (low + 1)...high {
            let value = a[i]
            var j = i - 1
            while j >= low, a[j] > value {
                a[j + 1] = a[j]
                j -= 1
            }
            a[j + 1] = value
        }
    }

    private static func heapsort(_ a: UnsafeMutableBufferPointer<UInt64>, _ low: Int, _ high: Int) {
        let n = high - low + 1
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while 2 * root + 1 < end {
                var child = 2 * root + 1
                if child + 1 < end, a[low + child] < a[low + child + 1] { child += 1 }
                guard a[low + root] < a[low + child] else { return }
                a.swapAt(low + root, low + child)
                root = child
            }
        }
        var start = n / 2 - 1
        while start >= 0 {
            siftDown(start, n)
            start -= 1
        }
        var end = n - 1
        while end > 0 {
            a.swapAt(low, low + end)
            siftDown(0, end)
            end -= 1
        }
    }
}
