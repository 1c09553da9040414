import Trend

/// What a Prometheus server already knows of a service before a watch begins: the metrics a
/// watch reads from `/metrics`, over days, by range queries. With a day of it a watch tells a
/// daily cycle from a leak from its first reading, instead of after a day of watching.
public struct ServiceHistory: Sendable {
    /// The samples of each quantity, labelled with the process they came from (`started T`,
    /// as a watch labels `/metrics` readings) when the server has `process_start_time_seconds`.
    public var series: [Quantity: [Sample]]
    /// The server and selector, for messages.
    public let source: String

    /// Asks `server` for the last `range` seconds up to `end` of the metrics with labels
    /// `selector` (`{job="api",instance="api-1:8080"}`, or empty). Each metric must give at most
    /// one series, and one at least must be there.
    public static func fetch(server: String, selector: String, range: Double, end: Double, fetcher: HTTPFetcher) throws -> ServiceHistory {
        func one(_ name: String) throws -> [Sample] {
            let found = try PrometheusRange.fetch(server: server, query: name + selector, range: range, end: end, fetcher: fetcher)
            guard found.count <= 1 else {
                throw HTTPFetcher.Failure("\(URLCredentials.redacted(server)): \(name)\(selector) gave \(PrometheusMatrix.describe(found)); pick the watched instance with --history-match '{instance=\"…\"}'")
            }
            return found.first?.samples ?? []
        }
        let starts = try one(ServiceSampler.startTimeMetric)
        var series: [Quantity: [Sample]] = [:]
        for (quantity, name) in ServiceSampler.prometheusMetrics {
            let samples = try one(name)
            if !samples.isEmpty { series[quantity] = labelled(samples, starts: starts) }
        }
        guard !series.isEmpty else {
            throw HTTPFetcher.Failure("\(URLCredentials.redacted(server)): no history of \(ServiceSampler.prometheusMetrics.map { $0.1 + selector }.joined(separator: ", ")) in the last \(GoDuration.format(range))")
        }
        return ServiceHistory(series: series, source: "\(URLCredentials.redacted(server)) \(selector.isEmpty ? "(all series)" : selector)")
    }

    /// Each sample labelled with the start time in force when it was taken (the latest start
    /// sample at or before it), as `ServiceSampler` labels a `/metrics` reading.
    static func labelled(_ samples: [Sample], starts: [Sample]) -> [Sample] {
        guard !starts.isEmpty else { return samples }
        var next = 0
        var current: Double?
        return samples.map { sample in
            while next < starts.count && starts[next].time <= sample.time {
                current = starts[next].value
                next += 1
            }
            return Sample(time: sample.time, value: sample.value, series: current.map(ServiceSampler.instance(startedAt:)))
        }
    }

    /// The history as a watch takes it: its series, and why they are not the watched
    /// process's (they then stay earlier lifetimes), or nil when they are.
    public struct Joined {
        public let series: [Quantity: [Sample]]
        public let apart: String?
    }

    /// The history joined to a watch whose first reading is `first`: readings before the
    /// watch began, and no later. Its last lifetime is the watched process's when it runs up
    /// to the watch (its last sample within `adjacency` seconds of the first reading) and the
    /// start times agree where the reading has one (a `/metrics` target); that lifetime then
    /// takes the reading's label (a pid or an expvar target labels its readings its own way),
    /// so the detector sees one lifetime, not a restart at the watch's start.
    public func joined(to first: Reading, adjacency: Double = 300) -> Joined {
        var joined: [Quantity: [Sample]] = [:]
        var apart: String?
        for (quantity, samples) in series {
            let before = samples.filter { $0.time < first.time }
            guard let last = before.last else { continue }
            if first.time - last.time > adjacency {
                apart = apart ?? "it ends \(GoDuration.format(first.time - last.time)) before the watch began (the process may have stopped since)"
            } else if let instance = first.instance, ServiceSampler.isStartTime(instance), let earlier = last.series, earlier != instance {
                apart = apart ?? "the process started again since (\(earlier), now \(instance))"
            }
            guard apart == nil, let instance = first.instance, instance != last.series else {
                joined[quantity] = before
                continue
            }
            guard last.series == nil else {
                joined[quantity] = before.map { $0.series == last.series ? Sample(time: $0.time, value: $0.value, series: instance) : $0 }
                continue
            }
            // no start times: the restarts the detector would find by the fall, labelled so
            // that they stay restarts once the series carries labels
            let lifetimes = Segmentation.segments(before)
            joined[quantity] = lifetimes.enumerated().flatMap { index, lifetime in
                let label = index == lifetimes.count - 1 ? instance : "history lifetime \(index + 1)"
                return lifetime.map { Sample(time: $0.time, value: $0.value, series: label) }
            }
        }
        return Joined(series: joined, apart: apart)
    }
}
