import CStackBounds

/// Tells a recursive parser when it has used half of the stack left to its thread, so that
/// deeply nested input gets an error instead of a crash, whatever the thread's stack size.
/// The other half is for whoever walks (and finally frees) the tree recursively.
struct StackGuard {
    /// The least room ever left: enough for the error path and the unwinding.
    static let reserve: UInt = 256 << 10
    /// Parsing moves to a thread of its own, with `preferredStack` bytes of stack, when less
    /// than `sufficientStack` is left to the caller.
    static let preferredStack: UInt = 512 << 20
    static let sufficientStack: UInt = 64 << 20
    private let limit: UInt

    init() {
        let low = UInt(seep_stack_low_address())
        let here = StackGuard.currentAddress()
        limit = low > 0 && here > low ? low + max(StackGuard.reserve, (here - low) / 2) : 0
    }

    /// True while the current stack pointer is above the limit.
    @inline(__always) func hasRoom() -> Bool {
        StackGuard.currentAddress() > limit
    }

    @inline(__always) static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// Stack left to the calling thread, in bytes (0 when unknown).
    static func available() -> UInt {
        let low = UInt(seep_stack_low_address())
        let here = currentAddress()
        return low > 0 && here > low ? here - low : 0
    }

    /// Runs `body` where at least `sufficientStack` bytes of stack are left: here, or on a
    /// new thread made for it.
    static func withDeepStack<Result>(_ body: () -> Result) -> Result {
        if available() >= sufficientStack { return body() }
        return withoutActuallyEscaping(body) { escapable in
            var result: Result?
            let job = Job { result = escapable() }
            let context = Unmanaged.passUnretained(job).toOpaque()
            let status = seep_run_on_new_stack(preferredStack, { context in
                Unmanaged<Job>.fromOpaque(context!).takeUnretainedValue().body()
            }, context)
            return status == 0 ? result! : escapable()
        }
    }

    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
}

/// Syntax trees are recursive, and so are the parser and every walk over a tree: work on a
/// tree on a thread with a large stack. `DeepStack.run` runs its body on such a thread (the
/// calling one, when it has room).
public enum DeepStack {
    public static func run<Result>(_ body: () -> Result) -> Result {
        StackGuard.withDeepStack(body)
    }
}
