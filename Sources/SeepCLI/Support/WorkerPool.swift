#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work over indices on a fixed number of threads with large stacks (parsing deeply
/// nested input recurses deeply), and returns results in index order, never scheduling order.
enum WorkerPool {
    static let stackSize = 256 << 20

    static var defaultThreads: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    static func map<Result>(count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Result) -> [Result] {
        let box = ResultBox<Result>(count: count)
        let workers = max(1, min(threads, count))
        var handles: [pthread_t] = []
        for _ in 0..<workers {
            let job = Job { while let index = box.claim() { box.store(index, body(index)) } }
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            pthread_attr_setstacksize(&attributes, stackSize)
            let context = Unmanaged.passRetained(job).toOpaque()
            #if canImport(Glibc)
            var handle = pthread_t()
            #else
            var handle: pthread_t?
            #endif
            let status = pthread_create(&handle, &attributes, { context in
                let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
                job.run()
                return nil
            }, context)
            pthread_attr_destroy(&attributes)
            if status != 0 {
                Unmanaged<Job>.fromOpaque(context).release()
                job.run()  // no thread to be had: do this share here
                continue
            }
            #if canImport(Glibc)
            handles.append(handle)
            #else
            handles.append(handle!)
            #endif
        }
        for handle in handles { pthread_join(handle, nil) }
        return box.results()
    }

    /// Runs one closure on a thread with a large stack and waits for it.
    static func run<Result>(_ body: @escaping @Sendable () -> Result) -> Result {
        map(count: 1, threads: 1) { _ in body() }[0]
    }

    private final class Job {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private final class ResultBox<Result>: @unchecked Sendable {
        private var slots: [Result?]
        private var nextIndex = 0
        private var lock = pthread_mutex_t()

        init(count: Int) {
            slots = Array(repeating: nil, count: count)
            pthread_mutex_init(&lock, nil)
        }

        deinit { pthread_mutex_destroy(&lock) }

        func claim() -> Int? {
            pthread_mutex_lock(&lock)
            defer { pthread_mutex_unlock(&lock) }
            guard nextIndex < slots.count else { return nil }
            nextIndex += 1
            return nextIndex - 1
        }

        func store(_ index: Int, _ result: Result) {
            pthread_mutex_lock(&lock)
            slots[index] = result
            pthread_mutex_unlock(&lock)
        }

        func results() -> [Result] { slots.map { $0! } }
    }
}
