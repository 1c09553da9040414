/// Ranks groups as leak suspects, with the reasons in words.
///
/// Evidence, strongest first (the scores are ordering weights, not probabilities):
/// 1. growth across snapshots taken in time order (a leak grows; a pool does not): +200,
///    plus the growth itself;
/// 2. the runtime's own verdict: ` (leaked)` or a leak profile: +100;
/// 3. stuck by construction: `chan send (nil chan)`, `chan receive (nil chan)`,
///    `select (no cases)`: +90;
/// 4. many goroutines blocked sending on one channel operation (nobody receives): +40;
/// 5. many goroutines in one receive, select or lock wait for a long time: +30;
/// 6. in a format without states (debug=1, pprof): many goroutines with one stack: +20.
/// Each adds log2 of the group's size. Known long-lived waits (servers accepting, signal
/// handling, the test runner, pprof itself) are never suspects; `allow` extends that list.
public struct LeakSuspects: Sendable {
    /// A send blocked this many times at one place is suspect (senders with no receiver).
    public var minimumSenders = 5
    /// Receives, selects and lock waits need this many goroutines…
    public var minimumWaiters = 50
    /// …blocked at least this many minutes (the runtime reports whole minutes).
    public var minimumWaitMinutes = 10
    /// Without states, a stack shared by this many goroutines is suspect.
    public var minimumSharedStack = 50
    /// Functions (or prefixes of them, ending in `.`) whose goroutines wait by design.
    public var allow: [String] = LeakSuspects.defaultAllowList

    public static let defaultAllowList = [
        "net/http.(*Server).Serve", "net/http.(*conn).serve", "net/http.(*persistConn).readLoop",
        "net/http.(*persistConn).writeLoop", "net/http.(*http2clientConnReadLoop)", "net.(*netFD).accept",
        "os/signal.signal_recv", "os/signal.loop", "runtime.ensureSigM", "testing.(*T).Run", "testing.tRunner",
        "testing.runTests", "testing.(*M).Run", "testing.(*M).startAlarm", "runtime/pprof.", "net/http/pprof.",
        "database/sql.(*DB).connectionOpener", "database/sql.(*DB).connectionResetter", "main.main",
        "runtime.forcegchelper", "runtime.bgsweep", "runtime.bgscavenge", "runtime.runfinq", "runtime.gcBgMarkWorker",
        "google.golang.org/grpc/internal/transport.(*http2Client).reader", "google.golang.org/grpc.(*Server).Serve",
    ]

    public init() {}

    public struct Verdict: Sendable {
        public let isSuspect: Bool
        public let score: Double
        /// Why it is (or is not) a suspect.
        public let reasons: [String]
    }

    static let nilChannelStates: Set<String> = ["chan send (nil chan)", "chan receive (nil chan)", "select (no cases)"]
    static let waitStates: Set<String> = [
        "chan receive", "select", "semacquire", "sync.Mutex.Lock", "sync.RWMutex.RLock", "sync.RWMutex.Lock",
        "sync.WaitGroup.Wait", "sync.Cond.Wait", "chan receive (durable)", "select (durable)", "sync.WaitGroup.Wait (durable)",
    ]

    public func assess(_ group: GoroutineGroup, leakProfile: Bool = false, growth: Growth? = nil) -> Verdict {
        let frames = group.representative.frames
        if let allowed = allowed(frames) {
            return Verdict(isSuspect: false, score: 0, reasons: ["waits by design (\(allowed))"])
        }
        let size = log2(Double(max(group.count, 1)))
        var score = 0.0
        var reasons: [String] = []
        let plural = group.count == 1 ? "goroutine" : "goroutines"
        if let growth, growth.isGrowing {
            score += 200 + Double(growth.last - growth.first)
            reasons.append("grew from \(growth.first) to \(growth.last) \(plural) across \(growth.counts.count) snapshots")
            if growth.persistentIDs > 0 {
                reasons.append("\(growth.persistentIDs) of them stayed blocked here in every snapshot")
            }
        }
        if group.flags.contains(.leaked) || leakProfile {
            score += 100
            reasons.append("the runtime's leak detector proved \(group.count == 1 ? "it" : "them") unreachable: blocked forever")
        }
        let state = group.state
        if LeakSuspects.nilChannelStates.contains(state) {
            score += 90
            reasons.append("blocked in \(state): nothing can ever wake \(group.count == 1 ? "it" : "them")")
        } else if state.hasPrefix("chan send") && group.count >= minimumSenders {
            score += 40
            reasons.append("\(group.count) \(plural) blocked sending at one place: nothing receives")
        } else if LeakSuspects.waitStates.contains(state) && group.count >= minimumWaiters && (group.maxWaitMinutes ?? 0) >= minimumWaitMinutes {
            score += 30
            reasons.append("\(group.count) \(plural) blocked in \(state) for \(group.maxWaitMinutes!)+ minutes")
        } else if state.isEmpty && group.count >= minimumSharedStack {
            score += 20
            reasons.append("\(group.count) \(plural) share this stack (the format does not say what they wait on)")
        }
        guard score > 0 else { return Verdict(isSuspect: false, score: size, reasons: []) }
        if let minutes = group.maxWaitMinutes, minutes > 0 {
            score += min(Double(minutes), 60) / 6
            reasons.append("waiting up to \(minutes) minutes")
        }
        return Verdict(isSuspect: true, score: score + size, reasons: reasons)
    }

    /// The allow-list entry that matches a frame of the stack, if any.
    func allowed(_ frames: [Frame]) -> String? {
        for frame in frames {
            for entry in allow where entry.hasSuffix(".") ? frame.function.hasPrefix(entry) : frame.function == entry {
                return entry
            }
        }
        return nil
    }
}

/// How one group's size moved across snapshots taken in time order.
public struct Growth: Sendable {
    /// The group's count in each snapshot (0 where it was absent).
    public let counts: [Int]
    /// Goroutine IDs present in the group in every snapshot.
    public let persistentIDs: Int

    public var first: Int { counts.first ?? 0 }
    public var last: Int { counts.last ?? 0 }
    /// Grew overall, and never shrank by more than a tenth between two snapshots.
    public var isGrowing: Bool {
        guard counts.count >= 2, last > first else { return false }
        return zip(counts, counts.dropFirst()).allSatisfy { Double($1) >= Double($0) * 0.9 }
    }
    /// Appeared after the first snapshot.
    public var isNew: Bool { first == 0 && last > 0 }
}

func log2(_ value: Double) -> Double {
    var result = 0.0
    var remaining = value
    while remaining >= 2 {
        remaining /= 2
        result += 1
    }
    return result + (remaining - 1)
}
