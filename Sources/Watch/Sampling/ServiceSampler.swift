import Foundation
import Trend

/// A Go service read over HTTP: expvar's `/debug/vars` (memstats, and `goroutines` when the
/// service publishes it) or a Prometheus `/metrics` endpoint (client_golang's Go and process
/// collectors).
public final class ServiceSampler: Sampler {
    public enum Endpoint: String, Sendable {
        case expvar, prometheus
        /// `/debug/pprof/goroutine?debug=1`: the goroutine count only (its first line).
        case pprof
    }

    /// Metrics too large to be a metrics page are cut here (a guard, not a limit in practice).
    static let maxBytes = 16 << 20

    public let url: URL
    public let endpoint: Endpoint
    private let fetcher: HTTPFetcher
    /// expvar has no process start time; a fall of the cumulative `TotalAlloc` tells a restart.
    private var lastTotalAlloc: Double?
    /// The service has no net/http/pprof: do not ask again every reading.
    private var pprofMissing = false
    private var restartInstance: String

    public init(url: URL, endpoint: Endpoint, fetcher: HTTPFetcher, resumedInstance: String? = nil) {
        self.url = url
        self.endpoint = endpoint
        self.fetcher = fetcher
        // labelled from the start: the detector then splits on restarts seen here, not on drops
        self.restartInstance = resumedInstance ?? "expvar"
    }

    /// Finds what `text` serves: `/metrics` and `/debug/vars` paths are taken at their word;
    /// a service's root (or its /debug/pprof URL) is tried for expvar, then Prometheus. An unreachable service is an error.
    public static func connect(_ text: String, fetcher: HTTPFetcher, resumedInstance: String? = nil) throws -> ServiceSampler {
        let components = try HTTPFetcher.url(text)
        let root = try PprofEndpoint.root(text)
        let candidates: [(URL, Endpoint)]
        if components.path.hasSuffix("/metrics") {
            candidates = [(components.url!, .prometheus)]
        } else if components.path.hasSuffix("/debug/vars") {
            candidates = [(components.url!, .expvar)]
        } else if components.path.isEmpty || components.path == "/" || components.path.hasPrefix("/debug/pprof") {
            // the root, or the pprof URL a user also gives `seep goroutines`: look beside it
            candidates = [(PprofEndpoint.url(root, path: "/debug/vars"), .expvar), (PprofEndpoint.url(root, path: "/metrics"), .prometheus),
                          (PprofEndpoint.url(root, path: "/debug/pprof/goroutine", query: "debug=1"), .pprof)]
        } else {
            throw SamplingFailure(.fatal, "\(URLCredentials.redacted(text)): give the service's root, its /debug/vars (expvar), its /metrics (Prometheus) or its /debug/pprof URL")
        }
        var tried: [String] = []
        var answered = false
        for (url, endpoint) in candidates {
            let sampler = ServiceSampler(url: url, endpoint: endpoint, fetcher: fetcher, resumedInstance: resumedInstance)
            do {
                let reading = try sampler.read(at: Date().timeIntervalSince1970)
                if reading.values.isEmpty {
                    answered = true
                    tried.append("\(URLCredentials.redacted(url)): none of the metrics Seep reads (heap in use, resident set, goroutines)")
                    continue
                }
                return sampler
            } catch let failure as SamplingFailure {
                answered = answered || failure.answered
                tried.append(failure.description)
                // nothing listening: the other path on the same host and port will not answer either
                if !failure.answered { break }
            }
        }
        if !answered {
            // nothing listens there (yet): one line, the reason the first attempt gave
            throw SamplingFailure(.fatal, "cannot reach \(tried.first ?? text)")
        }
        throw SamplingFailure(.fatal, "\(URLCredentials.redacted(text)) serves neither expvar nor Prometheus metrics:\n  " + tried.joined(separator: "\n  "))
    }

    public var source: String { "\(URLCredentials.redacted(url)) (\(endpoint.rawValue))" }

    public func read(at time: Double) throws -> Reading {
        let response: HTTPFetcher.Response
        do {
            response = try fetcher.get(url, maxBytes: ServiceSampler.maxBytes)
        } catch let failure as HTTPFetcher.Failure {
            // a 404 will not go away; anything else may be the service restarting
            var sampling = SamplingFailure(failure.status == 404 ? .fatal : .transient, failure.description)
            sampling.answered = failure.status != nil
            throw sampling
        }
        switch endpoint {
        case .prometheus: return prometheus(String(decoding: response.body, as: UTF8.self), time: time)
        case .expvar:
            var reading = try expvar(response.body, time: time)
            // services that do not publish the count: net/http/pprof's debug=1 header has it
            if reading.values[.goroutines] == nil, !pprofMissing {
                let goroutineURL = PprofEndpoint.url(try PprofEndpoint.root(url.absoluteString), path: "/debug/pprof/goroutine", query: "debug=1")
                do {
                    if let count = ServiceSampler.goroutineTotal(try fetcher.get(goroutineURL, maxBytes: 1 << 20).body) {
                        reading.values[.goroutines] = count
                    } else {
                        pprofMissing = true  // it answered, with something else
                    }
                } catch let failure as HTTPFetcher.Failure where failure.status != nil {
                    pprofMissing = true  // it answered with an error status: no pprof here
                } catch {
                    // no answer this time (a timeout): this reading goes without the count, the next asks again
                }
            }
            return reading
        case .pprof:
            guard let count = ServiceSampler.goroutineTotal(response.body) else {
                // mid-watch, one odd answer (a proxy's error page, a restart) is a skipped reading
                var failure = SamplingFailure(.transient, "\(URLCredentials.redacted(url)): not a debug=1 goroutine profile")
                failure.answered = true
                throw failure
            }
            return Reading(time: time, values: [.goroutines: count])
        }
    }

    /// `goroutine profile: total 1234` — the first line of a debug=1 goroutine profile.
    static func goroutineTotal(_ body: [UInt8]) -> Double? {
        let prefix = Array("goroutine profile: total ".utf8)
        guard body.starts(with: prefix) else { return nil }
        let digits = body[prefix.count...].prefix { $0 >= 0x30 && $0 <= 0x39 }
        return Double(String(decoding: digits, as: UTF8.self))
    }

    /// The Prometheus metrics read, by quantity (client_golang's Go and process collectors);
    /// a Prometheus server's history of a service is read by the same names (`ServiceHistory`).
    static let prometheusMetrics: [(Quantity, String)] = [
        (.heapInuseBytes, "go_memstats_heap_inuse_bytes"), (.rssBytes, "process_resident_memory_bytes"), (.goroutines, "go_goroutines"),
    ]
    /// The process's start time, which labels its readings: a change is a restart.
    static let startTimeMetric = "process_start_time_seconds"

    /// The label of a process's readings, from its `process_start_time_seconds`.
    static func instance(startedAt seconds: Double) -> String {
        startedPrefix + "\(Int(seconds))"
    }

    /// Whether a reading's label is a start time (`instance(startedAt:)`), which two readings
    /// of one process share; a pid or an expvar target labels its readings otherwise.
    static func isStartTime(_ instance: String) -> Bool {
        instance.hasPrefix(startedPrefix)
    }

    private static let startedPrefix = "started "

    private func prometheus(_ text: String, time: Double) -> Reading {
        let names = ServiceSampler.prometheusMetrics
        let found = PrometheusText.values(text, names: Set(names.map(\.1)).union([ServiceSampler.startTimeMetric]))
        var values: [Quantity: Double] = [:]
        for (quantity, name) in names {
            if let value = found[name], value.isFinite { values[quantity] = value }
        }
        let instance = found[ServiceSampler.startTimeMetric].map(ServiceSampler.instance(startedAt:))
        return Reading(time: time, values: values, instance: instance)
    }

    private func expvar(_ body: [UInt8], time: Double) throws -> Reading {
        var parser = MiniJSON(body)
        guard let object = try? parser.parse(), case .object = object else {
            var failure = SamplingFailure(.transient, "\(URLCredentials.redacted(url)): not expvar JSON")
            failure.answered = true
            throw failure
        }
        var values: [Quantity: Double] = [:]
        let memstats = object["memstats"]
        if let heap = memstats?["HeapInuse"]?.number { values[.heapInuseBytes] = heap }
        if let goroutines = object["goroutines"]?.number { values[.goroutines] = goroutines }
        if let total = memstats?["TotalAlloc"]?.number {
            if let last = lastTotalAlloc, total < last { restartInstance = "restart at \(Int(time))" }
            lastTotalAlloc = total
        }
        return Reading(time: time, values: values, instance: restartInstance)
    }
}
