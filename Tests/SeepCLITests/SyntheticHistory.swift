import Foundation

/// Two days of a Go service's heap as Prometheus would have scraped it (every 15 s), written
/// as OpenMetrics for `promtool tsdb create-blocks-from openmetrics`: a daily cycle of ±15 %
/// that is rising its steepest at `now` (3.9 %/hour), a GC sawtooth and noise; each instance
/// leaks its rate (%/hour) over the last 4 hours (by default `clean` none, `leaky` 2). All
/// have `process_start_time_seconds`.
enum SyntheticHistory {
    static let hours = 50

    static func openMetrics(metric: String, level: Double, job: String, now: Int,
                            instances: [(String, Double)] = [("clean", 0), ("leaky", 2)]) -> String {
        var state: UInt64 = 42
        func noise() -> Double {  // uniform in ±1, reproducible
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 52) - 1
        }
        let times = stride(from: now - hours * 3600, to: now - 30, by: 15)
        var heap = ["# HELP \(metric) Heap in use.", "# TYPE \(metric) gauge"]
        var starts = ["# HELP process_start_time_seconds Start time.", "# TYPE process_start_time_seconds gauge"]
        for (instance, leak) in instances {
            var extra = 0.0
            let labels = "{job=\"\(job)\",instance=\"\(instance)\"}"
            for time in times {
                let hoursLeft = Double(now - time) / 3600
                let floor = level * (1 + 0.15 * sin(-2 * Double.pi * hoursLeft / 24) + leak / 100 * max(0, 4 - hoursLeft))
                extra = extra > floor * 0.4 ? 0 : extra + floor * 0.03
                heap.append("\(metric)\(labels) \(Int(floor + extra + level * 0.005 * noise())) \(time)")
                starts.append("process_start_time_seconds\(labels) \(now - hours * 3600 - 100) \(time)")
            }
        }
        return (heap + starts + ["# EOF"]).joined(separator: "\n") + "\n"
    }
}
