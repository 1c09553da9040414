import GoSyntax
import LeakRules

/// go vet's concise form, and a full form with the source line and a caret. File names and
/// source lines come from the code being checked (an untrusted pull request, say): the
/// output is escaped for the terminal.
enum TextFormat {
    static func render(_ report: LintReport, full: Bool) -> String {
        TerminalText.escaped(unescaped(report, full: full), keepingLines: true)
    }

    private static func unescaped(_ report: LintReport, full: Bool) -> String {
        var out = ""
        for problem in report.problems {
            out += "\(problem.path):\(problem.line):\(problem.column): \(problem.message)\n"
        }
        for finding in report.findings {
            let start = finding.start
            out += "\(finding.file.path):\(start.line):\(start.column): \(finding.message) (\(finding.code) \(finding.name))\n"
            guard full else { continue }
            out += snippet(finding.file, finding.range)
            for related in finding.related {
                let position = finding.file.position(of: related.range.lowerBound)
                out += "    \(finding.file.path):\(position.line):\(position.column): \(related.message)\n"
            }
            for fix in finding.fixes {
                out += "    fix (\(fix.applicability.rawValue)): \(fix.message)\n"
            }
            out += "\n"
        }
        return out
    }

    /// The first line of the range with a caret line under it (tabs kept so they line up).
    static func snippet(_ file: SourceFile, _ range: Range<Int>) -> String {
        let start = file.position(of: range.lowerBound)
        let line = file.lineText(containing: range.lowerBound)
        let prefix = Array(line.utf8.prefix(start.column - 1))
        let padding = String(decoding: prefix.map { $0 == UInt8(ascii: "\t") ? $0 : UInt8(ascii: " ") }, as: UTF8.self)
        let lineEnd = file.position(of: range.upperBound).line == start.line ? range.upperBound - range.lowerBound : line.utf8.count - prefix.count
        let width = max(1, String(decoding: Array(line.utf8.dropFirst(prefix.count).prefix(lineEnd)), as: UTF8.self).count)
        let number = String(start.line)
        let gutter = String(repeating: " ", count: number.count)
        return " \(number) | \(line)\n \(gutter) | \(padding)\(String(repeating: "^", count: width))\n"
    }
}

/// GitHub Actions workflow commands: one annotation per finding.
enum GitHubFormat {
    static func render(_ report: LintReport) -> String {
        var out = ""
        for problem in report.problems {
            out += "::error file=\(escapeProperty(problem.path)),line=\(problem.line),col=\(problem.column)::\(escapeData(problem.message))\n"
        }
        for finding in report.findings {
            let level: String
            switch finding.severity {
            case .error: level = "error"
            case .warning: level = "warning"
            case .info: level = "notice"
            }
            let start = finding.start
            let end = finding.end
            out += "::\(level) file=\(escapeProperty(finding.file.path)),line=\(start.line),col=\(start.column),"
            out += "endLine=\(end.line),endColumn=\(end.column),title=\(escapeProperty("\(finding.code) \(finding.name)"))"
            out += "::\(escapeData(finding.message))\n"
        }
        return out
    }

    static func escapeData(_ text: String) -> String {
        text.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingAll(":", "%3A").replacingAll(",", "%2C")
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        split(separator: Substring(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
