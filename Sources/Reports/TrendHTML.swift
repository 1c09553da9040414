import Foundation
import Trend

/// One series in a trend report: what it measures, its samples and the detector's verdict.
public struct TrendPanel: Sendable {
    public let name: String
    /// Values are bytes (shown as MiB, GiB) rather than counts.
    public let isBytes: Bool
    public let samples: [Sample]
    public let result: TrendResult

    public init(name: String, isBytes: Bool, samples: [Sample], result: TrendResult) {
        self.name = name
        self.isBytes = isBytes
        self.samples = samples
        self.result = result
    }
}

/// `seep watch --report` and `seep trend --format html`: one self-contained page (inline SVG,
/// no scripts) with a chart per series — the samples, the post-GC floor the detector tested,
/// the fitted trend, warm-up shaded and restarts marked — the story's graph, annotated.
public enum TrendHTML {
    public static func render(title: String, panels: [TrendPanel], notes: [(time: Double, text: String)] = []) -> String {
        var page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(GoroutineHTML.escape(title))</title>
            <style>
            body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; max-width: 1000px; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; }
            .leaking { color: #c0392b; } .muted { color: #777; } svg { background: #fafafa; border: 1px solid #ddd; }
            .legend span { margin-right: 1.5em; } .swatch { display: inline-block; width: 1em; height: .6em; margin-right: .3em; }
            </style></head><body>
            <h1>\(GoroutineHTML.escape(title))</h1>
            <p class="legend"><span><i class="swatch" style="background:#9bb7d4"></i>samples</span>\
            <span><i class="swatch" style="background:#1f4e79"></i>post-GC floor (tested)</span>\
            <span><i class="swatch" style="background:#c0392b"></i>fitted trend</span>\
            <span><i class="swatch" style="background:#eee"></i>warm-up (left out)</span>\
            <span><i class="swatch" style="background:#e67e22"></i>restart</span></p>

            """
        for panel in panels {
            let result = panel.result
            page += "<h2>\(GoroutineHTML.escape(panel.name)): <span class=\"\(result.verdict == .leaking ? "leaking" : "")\">\(result.verdict.rawValue)</span></h2>\n"
            page += "<p>\(GoroutineHTML.escape(result.explanation))"
            if result.verdict != .insufficientData {
                page += String(format: " — slope %@/hour (%.3f %%/hour), confidence %.4f", format(result.slopePerHour, bytes: panel.isBytes),
                               result.percentPerHour, result.confidence)
            }
            if let hours = result.hoursToLimit { page += String(format: "; reaches the limit in %.1f hours", hours) }
            page += "</p>\n" + chart(panel) + "\n"
        }
        if !notes.isEmpty {
            page += "<h2>Events</h2>\n<ul>\n"
            for note in notes { page += "<li><code>\(RFC3339.format(note.time))</code> \(GoroutineHTML.escape(note.text))</li>\n" }
            page += "</ul>\n"
        }
        return page + "</body></html>\n"
    }

    static let width = 960.0, height = 280.0, left = 80.0, bottom = 30.0, top = 10.0, right = 10.0

    static func chart(_ panel: TrendPanel) -> String {
        let samples = thinned(panel.samples.sorted { $0.time < $1.time }, buckets: 1500)
        guard let first = samples.first, let last = samples.last else { return "<p class=\"muted\">no samples</p>" }
        let values = samples.map(\.value) + panel.result.fitted.map(\.value)
        var low = values.min()!, high = values.max()!
        if high == low { high += 1; low -= 1 }
        let pad = (high - low) * 0.05
        low = max(0, low - pad)
        high += pad
        let t0 = first.time, t1 = max(last.time, first.time + 1)
        func x(_ time: Double) -> Double { left + (time - t0) / (t1 - t0) * (width - left - right) }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * (height - top - bottom) }
        func points(_ list: [Sample]) -> String {
            list.map { String(format: "%.1f,%.1f", x($0.time), y($0.value)) }.joined(separator: " ")
        }
        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"\(GoroutineHTML.escape(panel.name))\">\n"
        let segments = Segmentation.segments(panel.samples.sorted { $0.time < $1.time })
        if let since = panel.result.since, let lifeStart = segments.last?.first?.time, since > lifeStart {
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#eee\"/>\n",
                          x(lifeStart), top, max(0, x(min(since, t1)) - x(lifeStart)), height - top - bottom)
        }
        for segment in segments.dropFirst() {
            guard let start = segment.first?.time else { continue }
            svg += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e67e22\" stroke-dasharray=\"4 3\"/>\n",
                          x(start), x(start), top, height - bottom)
        }
        for step in 0...4 {
            let value = low + (high - low) * Double(step) / 4
            svg += String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, width - right, y(value), y(value))
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%@</text>\n", left - 6, y(value) + 4,
                          format(value, bytes: panel.isBytes))
        }
        for step in 0...4 {
            let time = t0 + (t1 - t0) * Double(step) / 4
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%@</text>\n", x(time), height - 10,
                          clock(time, span: t1 - t0))
        }
        svg += "<polyline fill=\"none\" stroke=\"#9bb7d4\" stroke-width=\"1\" points=\"\(points(samples))\"/>\n"
        if !panel.result.floor.isEmpty {
            svg += "<polyline fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"2\" points=\"\(points(panel.result.floor))\"/>\n"
        }
        if panel.result.fitted.count == 2 {
            let color = panel.result.verdict == .leaking ? "#c0392b" : "#888"
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" stroke-dasharray=\"6 4\" points=\"\(points(panel.result.fitted))\"/>\n"
        }
        return svg + "</svg>"
    }

    /// At most about `buckets` points: each bucket's lowest and highest sample, in time order,
    /// so spikes and the floor both survive.
    static func thinned(_ samples: [Sample], buckets: Int) -> [Sample] {
        guard samples.count > buckets * 2, let first = samples.first, let last = samples.last, last.time > first.time else { return samples }
        let width = (last.time - first.time) / Double(buckets)
        var out: [Sample] = []
        var index = 0
        while index < samples.count {
            let bucket = Int((samples[index].time - first.time) / width)
            var low = samples[index], high = samples[index]
            while index < samples.count && Int((samples[index].time - first.time) / width) == bucket {
                if samples[index].value < low.value { low = samples[index] }
                if samples[index].value > high.value { high = samples[index] }
                index += 1
            }
            out += low.time <= high.time ? [low, high] : [high, low]
        }
        return out
    }

    public static func format(_ value: Double, bytes: Bool) -> String {
        guard bytes else {
            return abs(value) >= 10_000 ? String(format: "%.3gk", value / 1000) : String(format: "%.4g", value)
        }
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var scaled = value, unit = 0
        while abs(scaled) >= 1024 && unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        return String(format: unit == 0 ? "%.0f %@" : "%.1f %@", scaled, units[unit])
    }

    /// A time axis label: the clock (UTC) for spans within a day, else the date and hour.
    static func clock(_ time: Double, span: Double) -> String {
        let text = RFC3339.format(time)  // 2026-11-30T10:15:00Z
        let date = text.prefix(10), hms = text.dropFirst(11).prefix(8)
        return span > 86400 ? "\(date.dropFirst(5)) \(hms.prefix(5))" : String(span > 3600 ? hms.prefix(5) : hms)
    }
}
