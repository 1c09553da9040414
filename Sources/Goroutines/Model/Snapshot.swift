/// The formats a Go program prints its goroutines in.
public enum DumpFormat: String, Sendable {
    /// Traceback text: debug=2, runtime.Stack, panics, SIGQUIT, go test timeouts.
    case traceback
    /// debug=1 text: one record per distinct stack, with a count.
    case aggregated = "debug=1"
    /// The pprof protobuf (debug=0), gzip-compressed.
    case pprof
}

/// One input read and grouped.
public struct Snapshot: Sendable {
    public let name: String
    public let format: DumpFormat
    public let groups: [GoroutineGroup]
    public let goroutineCount: Int
    /// The total the input itself declares (debug=1 and pprof headers), if any.
    public let declaredTotal: Int?
    /// Whether the input is a leak profile (only goroutines the runtime proved leaked).
    public let isLeakProfile: Bool
    /// What was skipped or cut, in words; empty when everything was read.
    public var warnings: [String]
}
