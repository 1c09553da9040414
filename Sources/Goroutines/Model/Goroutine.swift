/// One frame of a goroutine's stack.
public struct Frame: Hashable, Sendable {
    /// The function as the runtime prints it: `net/http.(*conn).serve`, `main.main.func1`.
    public let function: String
    public let file: String
    public let line: Int

    public init(function: String, file: String, line: Int) {
        self.function = function
        self.file = file
        self.line = line
    }

    /// The import path of the function's package: `net/http` for `net/http.(*conn).serve`.
    public var package: String { Frame.package(of: function) }

    public static func package(of function: String) -> String {
        let lastSlash = function.lastIndex(of: "/")
        let tail = lastSlash.map { function[function.index(after: $0)...] } ?? function[...]
        guard let dot = tail.firstIndex(of: ".") else { return function }
        return String(function[..<dot])
    }

    /// Frames of the runtime itself (scheduler, channels, select, stacks).
    public var isRuntime: Bool {
        let package = self.package
        return package == "runtime" || package.hasPrefix("runtime/internal") || package.hasPrefix("internal/runtime")
    }

    /// `fanout.go:55`
    public var shortLocation: String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return "\(name):\(line)"
    }
}

/// Marks on a goroutine's header line.
public struct GoroutineFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `locked to thread`
    public static let locked = GoroutineFlags(rawValue: 1)
    /// ` (leaked)`: the Go 1.26+ leak-detecting GC proved it can never run again.
    public static let leaked = GoroutineFlags(rawValue: 2)
    /// ` (durable)`: blocked inside a testing/synctest bubble.
    public static let durable = GoroutineFlags(rawValue: 4)
    /// `goroutine running on other thread; stack unavailable`
    public static let stackUnavailable = GoroutineFlags(rawValue: 8)
}

/// A goroutine (or, from an aggregated profile, `count` goroutines with one stack).
public struct Goroutine: Sendable {
    /// nil in aggregated formats (debug=1, pprof), which have no IDs.
    public var id: Int?
    /// The wait reason or status: `chan send`, `select`, `IO wait`, `running`…; empty when the format has none.
    public var state: String
    /// Whole minutes blocked, as the runtime reports them (at least 1 when printed), or nil.
    public var waitMinutes: Int?
    public var flags: GoroutineFlags
    public var labels: [String: String]
    /// Innermost first.
    public var frames: [Frame]
    /// Frames the runtime left out of a deep stack (`...N frames elided...`); -1 when it did not say how many.
    public var elidedFrames: Int
    public var createdBy: Frame?
    public var parentID: Int?
    /// `[originating from goroutine N]` blocks (GODEBUG=tracebackancestors): the ancestors' stacks.
    public var ancestors: [Ancestor]
    /// How many goroutines this record stands for (1 in tracebacks).
    public var count: Int

    public init(id: Int?, state: String, waitMinutes: Int? = nil, flags: GoroutineFlags = [], labels: [String: String] = [:],
                frames: [Frame], elidedFrames: Int = 0, createdBy: Frame? = nil, parentID: Int? = nil,
                ancestors: [Ancestor] = [], count: Int = 1) {
        self.id = id
        self.state = state
        self.waitMinutes = waitMinutes
        self.flags = flags
        self.labels = labels
        self.frames = frames
        self.elidedFrames = elidedFrames
        self.createdBy = createdBy
        self.parentID = parentID
        self.ancestors = ancestors
        self.count = count
    }

    public struct Ancestor: Sendable, Hashable {
        public let id: Int
        public let frames: [Frame]
        public let createdBy: Frame?
    }
}
