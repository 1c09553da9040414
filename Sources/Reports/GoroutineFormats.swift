import Foundation
import Goroutines

/// The output formats of `seep goroutines`.
public enum GoroutineFormat: String, CaseIterable, Sendable {
    /// Ranked suspects, compact (colour on a terminal).
    case text
    /// A stable JSON document (see docs/json.md).
    case json
    /// A self-contained HTML page.
    case html

    /// `tree`: who started whom among `report.entries`, when asked for.
    public func render(_ report: GoroutineReport, all: Bool, color: Bool, source: SourceContext = SourceContext(),
                       tree: GoroutineTree? = nil) -> String {
        switch self {
        case .text:
            let text = GoroutineText(color: color, all: all, source: source)
            return text.render(report) + (tree.map { text.render($0, report) } ?? "")
        case .json: return GoroutineJSON.render(report, source: source, tree: tree)
        case .html: return GoroutineHTML.render(report, source: source)
        }
    }
}

/// What `--source DIR` adds to a blocking site: its line of code, and the lint findings on it.
public struct SourceContext: Sendable {
    public struct Finding: Sendable, Encodable {
        public let code: String
        public let name: String
        public let message: String

        public init(code: String, name: String, message: String) {
            self.code = code
            self.name = name
            self.message = message
        }
    }

    /// Keyed by `sourceKey(file, line)`.
    public var lines: [String: String] = [:]
    public var findings: [String: [Finding]] = [:]

    public init() {}
}

/// Key of `SourceContext`: `file:line`.
public func sourceKey(_ file: String, _ line: Int) -> String { "\(file):\(line)" }

struct GoroutineText {
    let color: Bool
    let all: Bool
    let source: SourceContext

    private func style(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    /// What a dump or a source file says (names, paths, lines), escaped for the terminal.
    private func shown(_ text: String) -> String { TerminalText.escaped(text) }

    func render(_ report: GoroutineReport) -> String {
        var out = ""
        for snapshot in report.snapshots {
            let groups = snapshot.groups.count
            out += "\(shown(snapshot.name)): \(snapshot.goroutineCount) goroutine\(snapshot.goroutineCount == 1 ? "" : "s") in \(groups) group\(groups == 1 ? "" : "s") (\(snapshot.format.rawValue))\n"
            for warning in snapshot.warnings { out += "  warning: \(shown(warning))\n" }
        }
        let suspects = report.suspects
        out += "\n"
        if suspects.isEmpty {
            out += "No leak suspects.\n"
        } else {
            out += style("\(suspects.count) leak suspect\(suspects.count == 1 ? "" : "s")", "1;31") + "\n\n"
            for (rank, entry) in suspects.enumerated() { out += describe(entry, rank: rank + 1) }
        }
        let others = report.entries.filter { !$0.verdict.isSuspect }
        if all && !others.isEmpty {
            out += style("Other groups", "1") + "\n\n"
            for (rank, entry) in others.enumerated() { out += describe(entry, rank: suspects.count + rank + 1) }
        } else if !others.isEmpty {
            let count = others.reduce(0) { $0 + $1.group.count }
            out += "\(others.count) other group\(others.count == 1 ? "" : "s") (\(count) goroutines) not shown; --all lists them.\n"
        }
        return out
    }

    /// `--tree`: every group under the group that started it, with the goroutines each
    /// subtree holds; suspects marked.
    func render(_ tree: GoroutineTree, _ report: GoroutineReport) -> String {
        let totals = tree.subtreeCounts(report.entries.map(\.group))
        var out = style("Who started whom", "1") + " (goroutines in each group, and in all it started)\n\n"
        // depth first, with a stack: a creation chain can be as deep as the dump is long
        var pending: [(node: Int, depth: Int, prefix: String, branch: String, childPrefix: String)] =
            tree.roots.reversed().map { ($0, 0, "", "", "") }
        while let (node, depth, prefix, branch, childPrefix) = pending.popLast() {
            let entry = report.entries[node]
            let group = entry.group
            var text = "\(group.count)" + (totals[node] != group.count ? " (\(totals[node]))" : "")
            text += "  " + (group.site.map { shown("\($0.function)  \($0.shortLocation)") } ?? "(no frames)")
            if !group.state.isEmpty { text += "  [\(shown(group.state))]" }
            if entry.verdict.isSuspect { text += "  " + style("← leak suspect", "1;31") }
            out += prefix + branch + text + "\n"
            let children = tree.children[node]
            for (position, child) in children.enumerated().reversed() {
                let last = position == children.count - 1
                if depth + 1 < GoroutineText.maxDrawnDepth {
                    pending.append((child, depth + 1, prefix + childPrefix, last ? "└─ " : "├─ ", last ? "   " : "│  "))
                } else {
                    // past the deepest drawn level the indent stops growing; the depth is written
                    pending.append((child, depth + 1, prefix + childPrefix, "… depth \(depth + 1): ", ""))
                }
            }
        }
        return out + "\n"
    }

    /// Levels of the tree drawn indented; deeper ones are drawn at this indent, with their depth.
    static let maxDrawnDepth = 32

    private func describe(_ entry: GoroutineReport.Entry, rank: Int) -> String {
        let group = entry.group
        var head = String(format: "%3d. ", rank) + style("\(group.count) goroutine\(group.count == 1 ? "" : "s")", "1")
        if !group.state.isEmpty { head += "  [\(shown(group.state))]" }
        if let maxWait = group.maxWaitMinutes, maxWait > 0 {
            let minWait = group.minWaitMinutes ?? maxWait
            head += minWait == maxWait ? "  \(maxWait) min" : "  \(minWait)-\(maxWait) min"
        }
        if let growth = entry.growth, growth.counts.count > 1 {
            head += "  " + style(growth.counts.map(String.init).joined(separator: " → "), growth.isGrowing ? "31" : "2")
        }
        var out = head + "\n"
        if let site = group.site {
            out += "     at " + style(shown(site.function), "36") + "  \(shown(site.file)):\(site.line)\n"
            let key = sourceKey(site.file, site.line)
            if let line = source.lines[key] { out += "        " + style(shown(line), "2") + "\n" }
            for finding in source.findings[key] ?? [] {
                out += "        " + style("seep lint: \(finding.message) (\(finding.code) \(finding.name))", "33") + "\n"
            }
        }
        if let creator = group.creator {
            out += "     created by \(shown(creator.function))  \(shown(creator.shortLocation))\n"
        }
        if !entry.verdict.reasons.isEmpty {
            out += "     why: " + shown(entry.verdict.reasons.joined(separator: "; ")) + "\n"
        }
        return out + "\n"
    }
}

/// `seep goroutines --format json`: stable, sorted keys; see docs/json.md.
enum GoroutineJSON {
    struct Document: Encodable {
        let goroutines: Int
        let snapshots: [SnapshotJSON]
        let groups: [GroupJSON]
    }

    struct SnapshotJSON: Encodable {
        let name: String
        let format: String
        let goroutines: Int
        let groups: Int
        let declared_total: Nullable<Int>
        let warnings: [String]
    }

    struct FrameJSON: Encodable {
        let function: String
        let file: String
        let line: Int
    }

    struct GroupJSON: Encodable {
        let count: Int
        let state: String
        let site: Nullable<FrameJSON>
        let source_line: Nullable<String>
        let lint: [SourceContext.Finding]
        let created_by: Nullable<FrameJSON>
        let suspect: Bool
        let score: Double
        let reason: String
        let wait_minutes_min: Nullable<Int>
        let wait_minutes_max: Nullable<Int>
        let ids: [Int]
        let leaked: Bool
        let stack: [FrameJSON]
        let growth: Nullable<GrowthJSON>
        let parent: Nullable<Int>
    }

    struct GrowthJSON: Encodable {
        let counts: [Int]
        let growing: Bool
        let new: Bool
        let persistent_ids: Int
    }

    static func frame(_ frame: Frame?) -> FrameJSON? {
        frame.map { FrameJSON(function: $0.function, file: $0.file, line: $0.line) }
    }

    static func render(_ report: GoroutineReport, source: SourceContext, tree: GoroutineTree?) -> String {
        let document = Document(
            goroutines: report.goroutineCount,
            snapshots: report.snapshots.map {
                SnapshotJSON(name: $0.name, format: $0.format.rawValue, goroutines: $0.goroutineCount, groups: $0.groups.count,
                             declared_total: Nullable($0.declaredTotal), warnings: $0.warnings)
            },
            groups: report.entries.enumerated().map { index, entry in
                let group = entry.group
                return GroupJSON(
                    count: group.count, state: group.state, site: Nullable(frame(group.site)),
                    source_line: Nullable(group.site.flatMap { source.lines[sourceKey($0.file, $0.line)] }),
                    lint: group.site.flatMap { source.findings[sourceKey($0.file, $0.line)] } ?? [],
                    created_by: Nullable(frame(group.creator)), suspect: entry.verdict.isSuspect,
                    score: (entry.verdict.score * 100).rounded() / 100, reason: entry.verdict.reasons.joined(separator: "; "),
                    wait_minutes_min: Nullable(group.minWaitMinutes), wait_minutes_max: Nullable(group.maxWaitMinutes), ids: group.ids,
                    leaked: group.flags.contains(.leaked), stack: group.representative.frames.compactMap(frame),
                    growth: Nullable(entry.growth.map { GrowthJSON(counts: $0.counts, growing: $0.isGrowing, new: $0.isNew, persistent_ids: $0.persistentIDs) }),
                    parent: Nullable(tree?.parents[index])
                )
            }
        )
        return JSONFormat.encode(document)
    }
}
