import Foundation
import LeakRules
import Yams

/// `.seep.yml`: found by walking up from the first target, or given with `--config`.
///
/// ```yaml
/// select: [L1]            # rules to run (codes, code prefixes or names); default: all but opt-in
/// ignore: [S101]          # rules not to run
/// severity: {L101: error} # severity overrides: error, warning or info
/// exclude: ["gen/**", "third_party/"]  # paths (relative to this file) not to lint
/// go: "1.21"              # the Go version, when go.mod does not say
/// include-generated: false
/// max-file-size: 10MiB    # larger Go files are skipped with a warning
/// tests: false            # lint _test.go files found by a walk (a test's leak ends with its run)
/// ```
struct LintConfiguration {
    static let fileName = ".seep.yml"

    var select: [String] = []
    var ignore: [String] = []
    var severities: [String: Severity] = [:]
    var exclude: [String] = []
    var goVersion: GoVersion?
    var includeGenerated = false
    var maxFileBytes: Int?
    var tests = false
    /// The directory the file was found in; `exclude` paths are relative to it.
    var directory: String?
    var path: String?

    struct Invalid: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "\(path): \(reason)" }
    }

    /// The nearest `.seep.yml` at or above `directory`.
    static func find(from directory: String) -> String? {
        var current = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = current.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return nil }
            current = parent
        }
    }

    static func load(_ path: String) throws -> LintConfiguration {
        let bytes: [UInt8]
        do {
            bytes = try SourceFiles.read(path).bytes  // a regular file only: never a FIFO or a device
        } catch let error as SourceFiles.ReadError {
            throw Invalid(path: path, reason: "cannot read the file: \(error.reason)")
        }
        let value: Any?
        do {
            value = try BoundedYAML.load(String(decoding: bytes, as: UTF8.self))
        } catch let refused as BoundedYAML.Refused {
            throw Invalid(path: path, reason: "not read: \(refused)")
        } catch {
            throw Invalid(path: path, reason: "not valid YAML: \(error)")
        }
        var configuration = LintConfiguration()
        configuration.path = path
        configuration.directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard let value else { return configuration }  // an empty file
        guard let map = value as? [String: Any] else {
            throw Invalid(path: path, reason: "expected a mapping of settings at the top level")
        }
        for (key, entry) in map {
            switch key {
            case "select": configuration.select = try strings(entry, key, path)
            case "ignore": configuration.ignore = try strings(entry, key, path)
            case "exclude": configuration.exclude = try strings(entry, key, path)
            case "severity":
                guard let levels = entry as? [String: Any] else {
                    throw Invalid(path: path, reason: "'severity' must map rule codes to error, warning or info")
                }
                for (code, level) in levels {
                    guard let name = level as? String, let severity = Severity(rawValue: name) else {
                        throw Invalid(path: path, reason: "severity of \(code) must be error, warning or info, not \(level)")
                    }
                    configuration.severities[code] = severity
                }
            case "go":
                guard let version = GoVersion("\(entry)") else {
                    throw Invalid(path: path, reason: "'go' must be a Go version such as \"1.21\", not \(entry)")
                }
                configuration.goVersion = version
            case "include-generated":
                guard let flag = entry as? Bool else {
                    throw Invalid(path: path, reason: "'include-generated' must be true or false")
                }
                configuration.includeGenerated = flag
            case "max-file-size":
                guard let bytes = Lint.bytes("\(entry)") else {
                    throw Invalid(path: path, reason: "'max-file-size' must be a size such as 10MiB, not \(entry)")
                }
                configuration.maxFileBytes = bytes
            case "tests":
                guard let flag = entry as? Bool else {
                    throw Invalid(path: path, reason: "'tests' must be true or false")
                }
                configuration.tests = flag
            default:
                throw Invalid(path: path, reason: "unknown setting '\(key)' (known: select, ignore, severity, exclude, go, include-generated, max-file-size, tests)")
            }
        }
        let unknown = RuleSelection(select: configuration.select, ignore: configuration.ignore + Array(configuration.severities.keys))
            .unknownSelectors(among: Registry.descriptions)
        if !unknown.isEmpty {
            throw Invalid(path: path, reason: "no rule matches \(unknown.joined(separator: ", ")) (see `seep rules`)")
        }
        return configuration
    }

    private static func strings(_ value: Any, _ key: String, _ path: String) throws -> [String] {
        if let single = value as? String { return [single] }
        guard let list = value as? [Any] else {
            throw Invalid(path: path, reason: "'\(key)' must be a list of strings")
        }
        return try list.map { item in
            guard let text = item as? String else { throw Invalid(path: path, reason: "'\(key)' must be a list of strings, found \(item)") }
            return text
        }
    }

    /// Whether a file is excluded by an `exclude` pattern (matched against its path relative
    /// to the configuration's directory; `**` crosses directories; a trailing `/` means a directory).
    func excludes(_ file: String) -> Bool {
        guard !exclude.isEmpty, let directory else { return false }
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        guard absolute.hasPrefix(base) else { return false }
        let relative = String(absolute.dropFirst(base.count))
        return exclude.contains { pattern in
            if pattern.hasSuffix("/") { return relative.hasPrefix(pattern) || Glob.matches(pattern + "**", relative) }
            return Glob.matches(pattern, relative) || Glob.matches(pattern + "/**", relative)
        }
    }
}

/// Shell-style patterns: `*` and `?` within one path element, `**` across elements.
/// Matched in time proportional to the pattern's length times the path's (a table of which
/// pattern suffix matches which path suffix), whatever the stars: backtracking over several
/// `**/` and `x*` segments takes exponential time on a deep path.
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        let pattern = Array(pattern.utf8), text = Array(path.utf8)
        let star = UInt8(ascii: "*"), slash = UInt8(ascii: "/")
        let width = text.count + 1
        // matched[i * width + j]: pattern[i...] matches text[j...]
        var matched = [Bool](repeating: false, count: (pattern.count + 1) * width)
        matched[pattern.count * width + text.count] = true
        for i in stride(from: pattern.count - 1, through: 0, by: -1) {
            let doubled = pattern[i] == star && i + 1 < pattern.count && pattern[i + 1] == star
            var anyLater = false  // `**` followed by the rest matches text[(j + 1)...]
            for j in stride(from: text.count, through: 0, by: -1) {
                let here: Bool
                switch pattern[i] {
                case star where doubled:
                    // `**` takes any text, `/` included; `**/` also matches no directory at all
                    let rest = i + 2
                    anyLater = matched[rest * width + j] || anyLater
                    here = anyLater || (rest < pattern.count && pattern[rest] == slash && matched[(rest + 1) * width + j])
                case star:
                    here = matched[(i + 1) * width + j] || (j < text.count && text[j] != slash && matched[i * width + j + 1])
                case UInt8(ascii: "?"):
                    here = j < text.count && text[j] != slash && matched[(i + 1) * width + j + 1]
                default:
                    here = j < text.count && text[j] == pattern[i] && matched[(i + 1) * width + j + 1]
                }
                matched[i * width + j] = here
            }
        }
        return matched[0]
    }
}
