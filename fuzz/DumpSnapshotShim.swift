// The fuzz build leaves out DumpReader (it needs zlib and swift-protobuf); these are the
// declarations of it that the readers and the report use.
public enum DumpFormat: String, Sendable {
    case traceback, aggregated, pprof
}

public struct Snapshot: Sendable {
    public let name: String
    public let format: DumpFormat
    public let groups: [GoroutineGroup]
    public let goroutineCount: Int
    public let declaredTotal: Int?
    public let isLeakProfile: Bool
    public var warnings: [String]
}
