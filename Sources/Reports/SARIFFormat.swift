import Foundation
import GoSyntax
import LeakRules

/// SARIF 2.1.0 (OASIS): one run, the rules table, a result per finding with its fixes.
enum SARIFFormat {
    static func render(_ report: LintReport, version: String) -> String {
        let rules = report.rules.sorted { $0.code < $1.code }
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.code, $0) })
        let results: [[String: Any]] = report.findings.map { finding in
            var result: [String: Any] = [
                "ruleId": finding.code,
                "level": level(finding.severity),
                "message": ["text": finding.message],
                "locations": [location(finding.file, finding.range)],
            ]
            if let index = ruleIndex[finding.code] { result["ruleIndex"] = index }
            if !finding.related.isEmpty {
                result["relatedLocations"] = finding.related.enumerated().map { index, related -> [String: Any] in
                    var entry = location(finding.file, related.range)
                    entry["id"] = index
                    entry["message"] = ["text": related.message]
                    return entry
                }
            }
            let fixes = finding.fixes.filter { !$0.edits.isEmpty && $0.applicability != .displayOnly }
            if !fixes.isEmpty {
                result["fixes"] = fixes.map { fix -> [String: Any] in
                    [
                        "description": ["text": fix.message],
                        "artifactChanges": [[
                            "artifactLocation": ["uri": uri(finding.file.path)],
                            "replacements": fix.edits.map { edit -> [String: Any] in
                                [
                                    "deletedRegion": region(finding.file, edit.range),
                                    "insertedContent": ["text": edit.replacement],
                                ]
                            },
                        ]],
                    ]
                }
            }
            return result
        }
        let notifications: [[String: Any]] = report.problems.map { problem in
            [
                "level": "error",
                "message": ["text": problem.message],
                "locations": [["physicalLocation": [
                    "artifactLocation": ["uri": uri(problem.path)],
                    "region": ["startLine": problem.line, "startColumn": problem.column],
                ]]],
            ]
        }
        let driver: [String: Any] = [
            "name": "seep",
            "version": version,
            "informationUri": "https://seep.dev",
            "rules": rules.map { rule -> [String: Any] in
                [
                    "id": rule.code,
                    "name": rule.name,
                    "shortDescription": ["text": rule.summary],
                    "fullDescription": ["text": rule.summary],
                    "help": ["text": rule.documentation, "markdown": rule.documentation],
                    "defaultConfiguration": ["level": level(rule.severity), "enabled": !rule.optIn],
                ]
            },
        ]
        var run: [String: Any] = [
            "tool": ["driver": driver],
            "results": results,
            "columnKind": "utf16CodeUnits",
        ]
        if !notifications.isEmpty {
            run["invocations"] = [["executionSuccessful": false, "toolExecutionNotifications": notifications]]
        }
        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    static func location(_ file: SourceFile, _ range: Range<Int>) -> [String: Any] {
        ["physicalLocation": ["artifactLocation": ["uri": uri(file.path)], "region": region(file, range)]]
    }

    /// SARIF columns count UTF-16 code units by default (declared in `columnKind`).
    static func region(_ file: SourceFile, _ range: Range<Int>) -> [String: Any] {
        let start = file.position(of: range.lowerBound)
        let end = file.position(of: range.upperBound)
        return [
            "startLine": start.line, "startColumn": utf16Column(file, start),
            "endLine": end.line, "endColumn": utf16Column(file, end),
            "charOffset": range.lowerBound, "charLength": range.count,
        ]
    }

    static func utf16Column(_ file: SourceFile, _ position: Position) -> Int {
        let lineStart = file.lineStarts[position.line - 1]
        return file.text(lineStart..<position.offset).utf16.count + 1
    }

    /// A relative path stays relative (resolved against the checkout); spaces and such are escaped.
    static func uri(_ path: String) -> String {
        var clean = path
        while clean.hasPrefix("./") { clean.removeFirst(2) }
        return clean.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? clean
    }
}
