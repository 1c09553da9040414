import Foundation
import LeakRules

/// Turns `seep lint` arguments into Go files, as the go tool reads package patterns:
/// `DIR/...` walks DIR and everything below it, `DIR` is that directory's files, `FILE.go` is
/// the file. Walks skip `vendor`, `testdata`, and names starting with `.` or `_`.
enum LintTargets {
    struct NoMatch: Error, CustomStringConvertible {
        let argument: String
        var description: String { "\(argument): no such file or directory" }
    }

    static func files(for arguments: [String]) throws -> [String] {
        var files: [String] = []
        var seen = Set<String>()
        func add(_ path: String) {
            let key = URL(fileURLWithPath: path).standardizedFileURL.path
            if seen.insert(key).inserted { files.append(path) }
        }
        for argument in arguments {
            let recursive = argument == "..." || argument.hasSuffix("/...")
            var directory = recursive ? String(argument.dropLast(3)) : argument
            if directory.isEmpty { directory = "." }
            if directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
                throw NoMatch(argument: argument)
            }
            if !isDirectory.boolValue {
                add(directory)
                continue
            }
            for file in goFiles(in: directory, recursive: recursive) { add(file) }
        }
        return files
    }

    private static func goFiles(in directory: String, recursive: Bool) -> [String] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return [] }
        var result: [String] = []
        let prefix = directory == "." ? "" : (directory.hasSuffix("/") ? directory : directory + "/")
        for name in names.sorted() where !name.hasPrefix(".") && !name.hasPrefix("_") {
            let path = prefix + name
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if recursive && name != "vendor" && name != "testdata" {
                    result += goFiles(in: path, recursive: true)
                }
            } else if name.hasSuffix(".go") {
                result.append(path)
            }
        }
        return result
    }

    /// Whether a file says it is generated: a `// Code generated … DO NOT EDIT.` line before
    /// the package clause (the convention `go generate` documents).
    static func isGenerated(_ bytes: [UInt8]) -> Bool {
        let prefix = Array("// Code generated ".utf8)
        let suffix = Array(" DO NOT EDIT.".utf8)
        let package = Array("package ".utf8)
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let next = lineEnd + 1
            if lineEnd > lineStart && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = bytes[lineStart..<lineEnd]
            if line.starts(with: prefix) && line.count >= prefix.count + suffix.count && line.suffix(suffix.count).elementsEqual(suffix) {
                return true
            }
            if line.starts(with: package) { return false }
            lineStart = next
        }
        return false
    }
}

/// Finds each directory's module and its `go` line, remembering what it has read.
final class GoModules {
    private var versionByDirectory: [String: GoVersion?] = [:]

    /// The Go version of the module a file belongs to, if its go.mod says.
    func version(for file: String) -> GoVersion? {
        guard let slash = file.lastIndex(of: "/") else { return version(in: FileManager.default.currentDirectoryPath) }
        let directory = slash == file.startIndex ? "/" : String(file[..<slash])
        return version(in: directory.hasPrefix("/") ? directory : FileManager.default.currentDirectoryPath + "/" + directory)
    }

    private func version(in directory: String) -> GoVersion? {
        if let known = versionByDirectory[directory] { return known }
        let goMod = directory + "/go.mod"
        var found: GoVersion?
        if let data = FileManager.default.contents(atPath: goMod) {
            let text = String(decoding: data, as: UTF8.self)
            for line in text.split(separator: "\n") {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if words.count >= 2 && words[0] == "go" {
                    found = GoVersion(String(words[1]))
                    break
                }
            }
        } else {
            // the parent directory, by name (no file system calls)
            let trimmed = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
            if let slash = trimmed.lastIndex(of: "/"), trimmed != "/" {
                let parent = slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
                found = version(in: parent)
            }
        }
        versionByDirectory[directory] = found
        return found
    }
}
