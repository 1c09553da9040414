import Foundation
import LeakRules

/// Turns `seep lint` arguments into Go files, as the go tool reads package patterns:
/// `DIR/...` walks DIR and everything below it, `DIR` is that directory's files, `FILE.go` is
/// the file. Walks skip `vendor`, `testdata`, and names starting with `.` or `_`; they skip
/// `_test.go` files too unless `tests` (a file named on its own is always linted).
enum LintTargets {
    struct NoMatch: Error, CustomStringConvertible {
        let argument: String
        var description: String { "\(argument): no such file or directory" }
    }

    /// `unreadable`: directories a walk could not read, with the reason (for a warning).
    static func files(for arguments: [String], tests: Bool = true, unreadable: inout [String]) throws -> [String] {
        var files: [String] = []
        var seen = Set<String>()
        for argument in arguments {
            let recursive = argument == "..." || argument.hasSuffix("/...")
            var directory = recursive ? String(argument.dropLast(3)) : argument
            if directory.isEmpty { directory = "." }
            if directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
                throw NoMatch(argument: argument)
            }
            // one standardised name per argument, so a file named twice is linted once
            let key = URL(fileURLWithPath: directory).standardizedFileURL.path
            if !isDirectory.boolValue {
                if seen.insert(key).inserted { files.append(directory) }
                continue
            }
            let prefix = directory == "." ? "" : directory + "/"
            let keyPrefix = key.hasSuffix("/") ? key : key + "/"
            for relative in DirectoryWalk.goFiles(in: directory, recursive: recursive, unreadable: &unreadable) where (tests || !isTest(relative)) && seen.insert(keyPrefix + relative).inserted {
                files.append(prefix + relative)
            }
        }
        return files
    }

    static func isTest(_ path: String) -> Bool { path.hasSuffix("_test.go") }

    static func files(for arguments: [String]) throws -> [String] {
        var unreadable: [String] = []
        return try files(for: arguments, unreadable: &unreadable)
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
    private lazy var workingDirectory = FileManager.default.currentDirectoryPath

    /// The Go version of the module a file belongs to, if its go.mod says.
    func version(for file: String) -> GoVersion? {
        // on UTF-8 bytes, not Characters: this runs for every file, before the parallel part
        guard let slash = file.utf8.lastIndex(of: UInt8(ascii: "/")) else { return version(in: workingDirectory) }
        let directory = slash == file.startIndex ? "/" : String(file[..<slash])
        return version(in: directory.hasPrefix("/") ? directory : workingDirectory + "/" + directory)
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
            if let slash = trimmed.utf8.lastIndex(of: UInt8(ascii: "/")), trimmed != "/" {
                let parent = slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
                found = version(in: parent)
            }
        }
        versionByDirectory[directory] = found
        return found
    }
}
