#if canImport(Glibc)
import Glibc
#endif

/// A process's resident set from /proc/PID: `statm` for the size, `stat` for the start time
/// that tells this process from a later one with the same pid. Two small reads, no allocation
/// beyond the buffers: it runs every second.
public final class ProcSampler: Sampler {
    public let pid: Int32
    private let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
    private var buffer = [UInt8](repeating: 0, count: 1024)
    /// The watched process's start time (clock ticks after boot), from its first reading.
    private var startTime: String?

    public init(pid: Int32) {
        self.pid = pid
    }

    public var source: String { "pid \(pid) (/proc)" }

    public func read(at time: Double) throws -> Reading {
        let stat = try readFile("/proc/\(pid)/stat")
        // The command name in parentheses may hold spaces and parentheses: fields follow the last ')'.
        guard let close = stat.lastIndex(of: ")") else { throw SamplingFailure(.fatal, "/proc/\(pid)/stat: unexpected format") }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3 of proc(5)); the start time is field 22.
        guard fields.count > 19 else { throw SamplingFailure(.fatal, "/proc/\(pid)/stat: unexpected format") }
        if fields[0] == "Z" || fields[0] == "X" {
            throw SamplingFailure(.gone, "process \(pid) has exited")
        }
        // a pid is reused once its process is gone: another process is another target
        let started = String(fields[19])
        if let startTime, startTime != started {
            throw SamplingFailure(.gone, "process \(pid) has exited (its pid now belongs to another process)")
        }
        startTime = started
        let statm = try readFile("/proc/\(pid)/statm").split(separator: " ")
        guard statm.count > 1, let pages = Double(statm[1]) else {
            throw SamplingFailure(.fatal, "/proc/\(pid)/statm: unexpected format")
        }
        return Reading(time: time, values: [.rssBytes: pages * pageSize], instance: "pid \(pid) start \(started)")
    }

    private func readFile(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            let error = errno
            switch error {
            case ENOENT, ESRCH: throw SamplingFailure(.gone, "process \(pid) has exited (no \(path))")
            case EACCES, EPERM: throw SamplingFailure(.fatal, "\(path): permission denied (watch a process of your own user, or run as root)")
            default: throw SamplingFailure(.fatal, "\(path): \(String(cString: strerror(error)))")
            }
        }
        defer { close(descriptor) }
        let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == ESRCH { throw SamplingFailure(.gone, "process \(pid) has exited") }
            throw SamplingFailure(.fatal, "\(path): \(String(cString: strerror(errno)))")
        }
        return String(decoding: buffer[..<count], as: UTF8.self).trimmingTrailingNewline()
    }
}

extension String {
    func trimmingTrailingNewline() -> String {
        var text = self
        while text.last == "\n" { text.removeLast() }
        return text
    }
}
