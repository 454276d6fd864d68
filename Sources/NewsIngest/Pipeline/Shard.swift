/// One of N workers a job is split over, by site: every URL belongs to the shard its
/// registrable domain hashes to, so each site is fetched by exactly one worker and per-host
/// politeness and the robots.txt cache hold across machines.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 0-based: 0..<count.
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// "K/N" with K in 0..<N (Kubernetes' completion indexes start at 0).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// The shard a scheduler's environment names for `count` shards: Kubernetes Indexed Jobs'
    /// `JOB_COMPLETION_INDEX` (0-based), else a Slurm array's `SLURM_ARRAY_TASK_ID`, counted
    /// from `SLURM_ARRAY_TASK_MIN` (arrays may start at 1). Nil when neither is set or valid.
    public static func fromEnvironment(_ environment: [String: String], count: Int) -> Shard? {
        if let value = environment["JOB_COMPLETION_INDEX"].flatMap({ Int($0) }) {
            return Shard(index: value, count: count)
        }
        if let task = environment["SLURM_ARRAY_TASK_ID"].flatMap({ Int($0) }) {
            let first = environment["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) } ?? 0
            return Shard(index: task - first, count: count)
        }
        return nil
    }

    public var description: String { "\(index)/\(count)" }

    /// The shard of a registrable domain: FNV-1a of its bytes, modulo the count (stable across
    /// processes, machines and releases, unlike Swift's seeded `hashValue`).
    public static func index(ofDomain domain: String, count: Int) -> Int {
        Int(FNV1a.hash(domain.utf8) % UInt64(count))
    }

    /// Whether this shard fetches `url` (a URL that does not parse goes to shard 0, where it
    /// fails once, visibly).
    public func owns(url: String) -> Bool {
        guard count > 1 else { return true }
        guard let domain = RegistrableDomain.of(url: url) else { return index == 0 }
        return Self.index(ofDomain: domain, count: count) == index
    }

    /// Whether this shard takes the `position`-th of a list of files (WARC archives): every
    /// N-th, from its index.
    public func owns(position: Int) -> Bool { position % count == index }
}
