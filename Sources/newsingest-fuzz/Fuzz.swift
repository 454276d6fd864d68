import Foundation
import NewsIngest

// One binary for every fuzz target (NewsIngest's FuzzTarget), chosen by the environment
// variable NEWSINGEST_FUZZ_TARGET.
//
// Built with `-sanitize=fuzzer,address -DFUZZING` (`make fuzz`), libFuzzer supplies `main` and
// calls LLVMFuzzerTestOneInput. Built normally, the @main below runs files through a target:
// `newsingest-fuzz TARGET FILE...` (how a crash input is replayed outside the fuzzer).

#if FUZZING
    private func selectedTarget() -> FuzzTarget {
        let name = ProcessInfo.processInfo.environment["NEWSINGEST_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("set NEWSINGEST_FUZZ_TARGET to one of: \(names)\n".utf8))
            exit(64)
        }
        return target
    }

    nonisolated(unsafe) private var target: FuzzTarget?

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        let chosen = target ?? selectedTarget()
        target = chosen
        chosen.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
#else
    @main
    struct Replay {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
                let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
                FileHandle.standardError.write(Data("usage: newsingest-fuzz \(names) FILE...\n".utf8))
                exit(64)
            }
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                    exit(65)
                }
                target.run([UInt8](data))
                print("ok \(path)")
            }
        }
    }
#endif
