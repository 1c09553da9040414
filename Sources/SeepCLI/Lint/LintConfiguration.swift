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
/// ```
struct LintConfiguration {
    static let fileName = ".seep.yml"

    var select: [String] = []
    var ignore: [String] = []
    var severities: [String: Severity] = [:]
    var exclude: [String] = []
    var goVersion: GoVersion?
    var includeGenerated = false
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
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Invalid(path: path, reason: "cannot read the file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let value: Any?
        do {
            value = try Yams.load(yaml: text)
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
            default:
                throw Invalid(path: path, reason: "unknown setting '\(key)' (known: select, ignore, severity, exclude, go, include-generated)")
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
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        match(Array(pattern.utf8)[...], Array(path.utf8)[...])
    }

    private static func match(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        let star = UInt8(ascii: "*")
        if first == star {
            let doubled = pattern.dropFirst().first == star
            var rest = pattern.dropFirst(doubled ? 2 : 1)
            if doubled, rest.first == UInt8(ascii: "/") {
                // `**/` also matches no directory at all
                if match(rest.dropFirst(), text) { return true }
                rest = pattern.dropFirst(2)
            }
            var index = text.startIndex
            while true {
                if match(rest, text[index...]) { return true }
                guard index < text.endIndex, doubled || text[index] != UInt8(ascii: "/") else { return false }
                index += 1
            }
        }
        guard let character = text.first else { return false }
        if first == UInt8(ascii: "?") ? character != UInt8(ascii: "/") : first == character {
            return match(pattern.dropFirst(), text.dropFirst())
        }
        return false
    }
}
