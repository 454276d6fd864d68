// Benchmarks for `make bench`. Not part of the product: prints figures, asserts nothing.
//
//   newsingest-bench dedupe [--sizes 100000,1000000] [--dir DIR]
//       Fingerprinting and near-duplicate lookup cost per record as the index grows.
//   newsingest-bench extract DEVSET_DIR [--repeat 3]
//       Extraction (clean + dedupe + normalize) against a libxml2 parse-only pass over the same
//       pages, on one core, in one process: pages/s, MB/s, p50/p99 per page, the ratio, peak RSS.
//   newsingest-bench false-positives DEVSET_DIR [--threshold 0.5]
//       Highest MinHash similarity between distinct dev-set articles (none should be flagged).
import CLibXML2
import Foundation
import NewsIngest

/// Synthetic article text: words from a 50,000-word vocabulary with a Zipf-like skew.
func syntheticArticle(_ rng: inout SplitMix64, words: Int) -> String {
    var out: [String] = []
    out.reserveCapacity(words)
    for _ in 0..<words {
        let u = Double(rng.next() % 1_000_000) / 1_000_000
        let rank = Int(pow(50_000.0, u))  // log-uniform ranks: frequent words repeat often
        out.append("w\(rank)")
    }
    return out.joined(separator: " ")
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func dedupeBench(sizes: [Int], directory: String) throws {
    print("near-duplicate index (MinHash 64 values, 16 LSH bands in SQLite), synthetic 300-word articles")
    print("records      load s   fingerprint µs/record   lookup µs/record   store µs/record   p99 lookup µs")
    var rng = SplitMix64(seed: 42)
    let probes = (0..<1000).map { _ in syntheticArticle(&rng, words: 300) }
    for size in sizes {
        let dir = directory + "/dedupe-\(size)"
        try? FileManager.default.removeItem(atPath: dir)
        let state = try StateStore(directory: dir)
        var loadRNG = SplitMix64(seed: UInt64(size))
        let load = try seconds {
            var batch: [(id: String, fingerprint: ArticleFingerprint)] = []
            for i in 0..<size {
                batch.append(("r\(i)", ArticleFingerprint(text: syntheticArticle(&loadRNG, words: 120))))
                if batch.count == 10_000 {
                    try state.storeFingerprints(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            try state.storeFingerprints(batch)
        }
        var fingerprints: [ArticleFingerprint] = []
        let fingerprintTime = seconds { fingerprints = probes.map { ArticleFingerprint(text: $0) } }
        var lookups: [Double] = []
        var storeTime = 0.0
        for (i, fingerprint) in fingerprints.enumerated() {
            lookups.append(
                try seconds { _ = try state.nearestDuplicate(of: fingerprint, excluding: "p\(i)", threshold: 0.5) })
            storeTime += try seconds {
                try state.storeFingerprint(id: "p\(i)", fingerprint: fingerprint, duplicateOf: nil)
            }
        }
        let sorted = lookups.sorted()
        let mean = lookups.reduce(0, +) / Double(lookups.count)
        print(
            String(
                format: "%9d %9.1f %20.1f %18.1f %17.1f %15.1f", size, load,
                fingerprintTime / Double(probes.count) * 1e6,
                mean * 1e6, storeTime / Double(probes.count) * 1e6, sorted[Int(Double(sorted.count) * 0.99)] * 1e6))
        try? FileManager.default.removeItem(atPath: dir)
    }
}

func falsePositives(devset: String, threshold: Double) throws {
    let pages = devset + "/pages"
    let ids = try FileManager.default.contentsOfDirectory(atPath: pages).sorted()
    var fingerprints: [(String, ArticleFingerprint)] = []
    for id in ids {
        guard let text = try? String(contentsOfFile: pages + "/" + id + "/expected.txt", encoding: .utf8) else {
            continue
        }
        fingerprints.append((id, ArticleFingerprint(text: text)))
    }
    var pairs: [(Double, String, String)] = []
    for i in 0..<fingerprints.count {
        for j in (i + 1)..<fingerprints.count {
            pairs.append((fingerprints[i].1.similarity(to: fingerprints[j].1), fingerprints[i].0, fingerprints[j].0))
        }
    }
    pairs.sort { $0.0 > $1.0 }
    let flagged = pairs.filter { $0.0 >= threshold }
    print(
        "dev set: \(fingerprints.count) distinct articles, \(pairs.count) pairs; pairs at or above "
            + "\(threshold): \(flagged.count)"
    )
    for (similarity, a, b) in pairs.prefix(5) { print(String(format: "  %.3f  %@  ~  %@", similarity, a, b)) }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

func extractBench(devset: String, repeats: Int) throws {
    let pagesDir = devset + "/pages"
    let ids = try FileManager.default.contentsOfDirectory(atPath: pagesDir).sorted()
    let pages: [[UInt8]] = ids.compactMap {
        try? [UInt8](Data(contentsOf: URL(fileURLWithPath: pagesDir + "/" + $0 + "/page.html")))
    }
    let bytes = pages.reduce(0) { $0 + $1.count }
    let extractor = Extractor()
    let options = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
    func parseOnly(_ page: [UInt8]) {
        page.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                if let doc = htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options) { xmlFreeDoc(doc) }
            }
        }
    }
    func extractOnly(_ page: [UInt8]) { _ = try? extractor.extract(bytes: page, format: .html, url: nil) }
    var bestParse = Double.infinity
    var bestExtract = Double.infinity
    var parseTimes: [Double] = []
    var extractTimes: [Double] = []
    for _ in 0..<max(1, repeats) {
        var times: [Double] = []
        let parse = seconds {
            for page in pages { times.append(seconds { parseOnly(page) }) }
        }
        if parse < bestParse {
            bestParse = parse
            parseTimes = times
        }
        times = []
        let extract = seconds {
            for page in pages { times.append(seconds { extractOnly(page) }) }
        }
        if extract < bestExtract {
            bestExtract = extract
            extractTimes = times
        }
    }
    // Paired: each page parsed and extracted back to back (in turn which goes first), so both
    // passes see the same machine speed; this VM's speed drifts between whole passes.
    var pairedRatios: [Double] = []
    for _ in 0..<max(1, repeats) {
        var parseTotal = 0.0
        var extractTotal = 0.0
        for (index, page) in pages.enumerated() {
            if index % 2 == 0 {
                parseTotal += seconds { parseOnly(page) }
                extractTotal += seconds { extractOnly(page) }
            } else {
                extractTotal += seconds { extractOnly(page) }
                parseTotal += seconds { parseOnly(page) }
            }
        }
        pairedRatios.append(parseTotal / extractTotal)
    }
    pairedRatios.sort()
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let mb = Double(bytes) / 1e6
    func line(_ name: String, _ total: Double, _ times: [Double]) -> String {
        let sorted = times.sorted()
        return String(
            format: "%-22@ %8.1f pages/s %7.1f MB/s   p50 %6.2f ms   p99 %7.2f ms", name as NSString,
            Double(pages.count) / total,
            mb / total, percentile(sorted, 0.5) * 1000, percentile(sorted, 0.99) * 1000)
    }
    print(
        "dev set: \(pages.count) pages, \(String(format: "%.1f", mb)) MB; one core, best of \(repeats), in one process")
    print(line("libxml2 parse only", bestParse, parseTimes))
    print(line("newsingest extract", bestExtract, extractTimes))
    print(
        String(
            format: "ratio extract/parse throughput: %.2f   peak RSS: %.0f MB", bestParse / bestExtract,
            Double(usage.ru_maxrss) / 1024))
    print(
        String(
            format:
                "paired ratio (each page parsed and extracted back to back), median of %d rounds: %.2f (range "
                + "%.2f-%.2f)",
            pairedRatios.count, pairedRatios[pairedRatios.count / 2], pairedRatios.first!, pairedRatios.last!))
}

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    defer { arguments.removeSubrange(i...(i + 1)) }
    return arguments[i + 1]
}

do {
    switch arguments.first {
    case "dedupe":
        let sizes = (option("--sizes") ?? "100000,1000000").split(separator: ",").compactMap { Int($0) }
        try dedupeBench(sizes: sizes, directory: option("--dir") ?? NSTemporaryDirectory())
    case "extract":
        let repeats = option("--repeat").flatMap(Int.init) ?? 5
        guard arguments.count >= 2 else { throw CocoaError(.fileNoSuchFile) }
        try extractBench(devset: arguments[1], repeats: repeats)
    case "false-positives":
        let threshold = option("--threshold").flatMap(Double.init) ?? Configuration.DedupeSettings().articleSimilarity
        guard arguments.count >= 2 else { throw CocoaError(.fileNoSuchFile) }
        try falsePositives(devset: arguments[1], threshold: threshold)
    default:
        FileHandle.standardError.write(
            Data(
                ("usage: newsingest-bench extract DEVSET [--repeat N] | dedupe [--sizes N,N] | false-positives "
                    + "DEVSET [--threshold T]\n").utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("newsingest-bench: \(error)\n".utf8))
    exit(1)
}
