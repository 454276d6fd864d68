import Foundation
import Logging

/// A chain of stages from `Input` to `Output`, each step's output the next one's input: the
/// compiler checks the order (`then` only takes a stage whose `Input` is the chain's `Output`),
/// the way swift-nio's `InboundIn`/`InboundOut` are checked. Building a chain starts nothing.
/// A run calls ``attach(to:wiring:)``, which starts every stage's workers between bounded queues
/// and gives the last queue; `extract` calls ``process(_:)``, which takes one item through the
/// same stages on the calling thread. One chain, two ways to drive it: they cannot drift apart.
struct StageChain<Input: Sendable, Output: Sendable>: Sendable {
    private let build: @Sendable (BoundedQueue<Input>, StageWiring) -> BoundedQueue<Output>
    private let inline: @Sendable (Input) throws -> Output

    private init(
        build: @escaping @Sendable (BoundedQueue<Input>, StageWiring) -> BoundedQueue<Output>,
        inline: @escaping @Sendable (Input) throws -> Output
    ) {
        self.build = build
        self.inline = inline
    }

    /// `workers` copies of `stage` after what the chain already holds (one, when driven inline).
    func then<S: PipelineStage>(_ stage: S, workers: Int) -> StageChain<Input, S.Output>
    where S.Input == Output, S.Input: HasPageContext {
        let (build, inline) = (self.build, self.inline)
        return StageChain<Input, S.Output>(
            build: { input, wiring in wiring.connect(stage, workers: workers, from: build(input, wiring)) },
            inline: { try stage.process(inline($0)) })
    }

    /// Starts the chain's workers reading `input`; its last queue closes once `input` is closed
    /// and every item has passed.
    func attach(to input: BoundedQueue<Input>, wiring: StageWiring) -> BoundedQueue<Output> {
        build(input, wiring)
    }

    /// One item through every stage in order, on the calling thread; the first stage that
    /// fails the item throws.
    func process(_ input: Input) throws -> Output { try inline(input) }
}

extension StageChain where Input == Output {
    /// The empty chain: what goes in comes out.
    init() { self.init(build: { input, _ in input }, inline: { $0 }) }
}

/// How the steps of a run are connected: queue sizes, the per-page budget, and where a step's
/// failures are reported.
struct StageWiring: Sendable {
    let capacity: Int
    let pageSeconds: Double
    let run: RunContext
    let halt: Halt

    /// Runs `workers` copies of a stage, each on a serial queue of its own, from `input` to a new
    /// queue; closes that queue when all are done. An article's failure is counted, logged and
    /// skipped; a failure of the state or the spool halts the run.
    func connect<S: PipelineStage>(_ stage: S, workers: Int, from input: BoundedQueue<S.Input>)
        -> BoundedQueue<S.Output> where S.Input: HasPageContext
    {
        let output = BoundedQueue<S.Output>(capacity: capacity)
        let group = DispatchGroup()
        let (run, halt, budget) = (self.run, self.halt, pageSeconds)
        for worker in 0..<max(1, workers) {
            group.enter()
            DispatchQueue(label: "newsingest.\(stage.stage.rawValue).\(worker)").async {
                defer { group.leave() }
                CrashJournal.joinAsWorker()
                while let item = input.take() {
                    if halt.isHalted { continue }  // drain, so that upstream never blocks
                    do {
                        output.put(
                            try CrashJournal.holding(item.pageContext.key) {
                                try PageBudget.run(seconds: budget) { try stage.process(item) }
                            })
                    } catch let error where Halt.isDeliveryFailure(error) {
                        // The state or the spool failed, not the article: stop delivering (74)
                        // and leave the item open, so a resumed backfill tries it again.
                        halt.stop(error, url: item.pageContext.requestURL, stage: stage.stage)
                    } catch {
                        // The same page fails the same way: no retry.
                        let url = item.pageContext.requestURL
                        let reported =
                            error as? ArticleError
                            ?? ArticleError(
                                code: error is PageBudget.Exceeded ? .timeBudget : .unexpected, stage: stage.stage,
                                url: url, cause: error)
                        run.report(reported, item: item.pageContext.item, source: item.pageContext.source)
                    }
                }
            }
        }
        group.notify(queue: DispatchQueue(label: "newsingest.\(stage.stage.rawValue).close")) { output.close() }
        return output
    }
}
