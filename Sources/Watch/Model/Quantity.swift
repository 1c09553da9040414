/// What a watch measures. The raw values double as the JSON and store names: keep them stable.
public enum Quantity: String, CaseIterable, Sendable, Codable, Comparable {
    /// Go's heap in use (`HeapInuse`): live objects and the spans holding them, no GC sawtooth
    /// of freed-but-unreturned memory.
    case heapInuseBytes = "heap_inuse_bytes"
    /// The process's resident set, from /proc or `process_resident_memory_bytes`.
    case rssBytes = "rss_bytes"
    /// Goroutines alive.
    case goroutines

    /// Memory is judged on the heap when the source has it, else on the resident set.
    public var isBytes: Bool { self != .goroutines }

    public static func < (a: Quantity, b: Quantity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One sampling of a target: several quantities at one moment.
public struct Reading: Sendable, Equatable {
    /// Unix seconds.
    public let time: Double
    public var values: [Quantity: Double]
    /// Which process lifetime the values come from (a pid and start time, a process start
    /// timestamp), when the source tells; a change marks a restart.
    public var instance: String?

    public init(time: Double, values: [Quantity: Double], instance: String? = nil) {
        self.time = time
        self.values = values
        self.instance = instance
    }
}
