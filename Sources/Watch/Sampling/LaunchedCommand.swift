import Foundation

/// A command Seep starts and watches: its output goes where Seep's goes, its pid is sampled
/// through /proc, and its exit ends the watch. It never outlives the watch: a watch that
/// stops ends it, and one that is killed (even with SIGKILL) takes it along, through the
/// parent-death signal util-linux's `setpriv` sets before it runs the command (same pid).
public final class LaunchedCommand {
    public let process = Process()
    public let arguments: [String]

    /// Sets the parent-death signal and then runs the command in its place.
    static let setpriv = "/usr/bin/setpriv"

    /// Start it from a thread that lives as long as the watch (the main one): the parent-death
    /// signal follows the thread that started the command.
    public init(_ arguments: [String]) throws {
        guard let program = arguments.first else { throw SamplingFailure(.fatal, "no command to start") }
        self.arguments = arguments
        let executable = LaunchedCommand.resolve(program)
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw SamplingFailure(.fatal, "\(program): cannot start (no such program, or not executable)")
        }
        if FileManager.default.isExecutableFile(atPath: LaunchedCommand.setpriv) {
            process.executableURL = URL(fileURLWithPath: LaunchedCommand.setpriv)
            process.arguments = ["--pdeathsig", "TERM", "--", executable] + arguments.dropFirst()
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = Array(arguments.dropFirst())
        }
        do {
            try process.run()
        } catch {
            throw SamplingFailure(.fatal, "\(program): cannot start (\(error.localizedDescription))")
        }
    }

    public var pid: Int32 { process.processIdentifier }

    /// Waits for the command to end and says how it ended.
    public func outcome() -> String {
        process.waitUntilExit()
        switch process.terminationReason {
        case .exit: return "\(arguments[0]) exited with status \(process.terminationStatus)"
        case .uncaughtSignal: return "\(arguments[0]) was killed by signal \(process.terminationStatus)"
        @unknown default: return "\(arguments[0]) ended"
        }
    }

    public func stop() {
        if process.isRunning { process.terminate() }
    }

    /// A program name without a slash is looked up on PATH, as a shell would.
    static func resolve(_ program: String) -> String {
        guard !program.contains("/") else { return program }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return program
    }
}
