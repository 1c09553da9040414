/// Reads a target's quantities once. Samplers keep what they need between readings (a
/// session, a counter to tell restarts by), so each is used by one watch at a time.
public protocol Sampler: AnyObject {
    /// What is read, for messages: `pid 4242 (/proc)`, `http://host:6060/debug/vars (expvar)`.
    var source: String { get }
    func read(at time: Double) throws -> Reading
}

/// Why a reading failed, and what the watch should do about it.
public struct SamplingFailure: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The target may come back (a service restarting, a timeout): skip and carry on.
        case transient
        /// The target is gone for good (the watched process exited): stop.
        case gone
        /// Nothing to retry (no permission, not a Go endpoint): stop with this error.
        case fatal
    }

    public let kind: Kind
    public let description: String
    /// Whether a server answered at all (an HTTP error status, a page that is not metrics).
    public var answered = false

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}

/// Several samplers read as one: the values of all, the first instance any of them knows.
public final class CombinedSampler: Sampler {
    public let parts: [Sampler]

    public init(_ parts: [Sampler]) {
        self.parts = parts
    }

    public var source: String { parts.map(\.source).joined(separator: " + ") }

    public func read(at time: Double) throws -> Reading {
        var reading = Reading(time: time, values: [:])
        for part in parts {
            let partial = try part.read(at: time)
            reading.values.merge(partial.values) { first, _ in first }
            reading.instance = reading.instance ?? partial.instance
        }
        return reading
    }
}
