import Goroutines

/// `seep goroutines --format html`: one self-contained page (no scripts, no external files):
/// the snapshots, then every group, suspects first, each with its reasons and full stack.
enum GoroutineHTML {
    static func render(_ report: GoroutineReport, source: SourceContext) -> String {
        var page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>seep goroutines</title>
            <style>
            body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
            h1 { font-size: 1.4em; } table { border-collapse: collapse; width: 100%; }
            td, th { text-align: left; padding: .3em .6em; border-bottom: 1px solid #ddd; vertical-align: top; }
            tr.suspect td:first-child { border-left: 4px solid #c0392b; } .why { color: #c0392b; }
            code, pre { font: 12px ui-monospace, monospace; } pre { margin: .3em 0; white-space: pre-wrap; }
            .muted { color: #777; } .growth { font-weight: bold; }
            </style></head><body>
            <h1>seep goroutines: \(report.suspects.count) leak suspect\(report.suspects.count == 1 ? "" : "s")</h1>
            <ul>
            """
        for snapshot in report.snapshots {
            page += "<li><code>\(escape(snapshot.name))</code>: \(snapshot.goroutineCount) goroutines in \(snapshot.groups.count) groups (\(snapshot.format.rawValue))"
            for warning in snapshot.warnings { page += "<br><span class=\"muted\">warning: \(escape(warning))</span>" }
            page += "</li>\n"
        }
        page += "</ul>\n<table><tr><th>goroutines</th><th>state</th><th>blocking site</th><th>why</th></tr>\n"
        for entry in report.entries {
            let group = entry.group
            page += "<tr\(entry.verdict.isSuspect ? " class=\"suspect\"" : "")><td>\(group.count)"
            if let growth = entry.growth, growth.counts.count > 1 {
                page += "<br><span class=\"growth\">\(growth.counts.map(String.init).joined(separator: " → "))</span>"
            }
            page += "</td><td>\(escape(group.state))"
            if let wait = group.maxWaitMinutes, wait > 0 { page += "<br><span class=\"muted\">\(wait) min</span>" }
            page += "</td><td>"
            if let site = group.site {
                page += "<code>\(escape(site.function))</code><br><span class=\"muted\">\(escape(site.file)):\(site.line)</span>"
                let key = sourceKey(site.file, site.line)
                if let line = source.lines[key] { page += "<pre>\(escape(line))</pre>" }
                for finding in source.findings[key] ?? [] {
                    page += "<div class=\"why\">seep lint: \(escape(finding.message)) (\(finding.code))</div>"
                }
            }
            page += "<details><summary>stack</summary><pre>"
            for frame in group.representative.frames { page += "\(escape(frame.function))\n    \(escape(frame.file)):\(frame.line)\n" }
            if let creator = group.creator { page += "created by \(escape(creator.function))\n    \(escape(creator.file)):\(creator.line)\n" }
            page += "</pre></details></td><td class=\"\(entry.verdict.isSuspect ? "why" : "muted")\">\(escape(entry.verdict.reasons.joined(separator: "; ")))</td></tr>\n"
        }
        return page + "</table></body></html>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
