#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GoSyntax

/// Finding and reading Go files for the commands.
enum SourceFiles {
    struct ReadError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "\(path): \(reason)" }
    }

    /// The `.go` files named by `paths`: files as given, directories walked recursively.
    /// Sorted, so output never depends on the file system's order.
    static func collect(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ReadError(path: path, reason: "no such file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let walker = manager.enumerator(atPath: path) else {
                throw ReadError(path: path, reason: "cannot list directory")
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            for case let relative as String in walker where relative.hasSuffix(".go") {
                let full = base + "/" + relative
                var isDir: ObjCBool = false
                if manager.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                    files.append(full)
                }
            }
        }
        // Sort by bytes, as Go's sort.Strings does, so both tools list files in one order.
        return files.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Reads a whole file as bytes.
    static func read(_ path: String) throws -> SourceFile {
        guard let handle = fopen(path, "rb") else {
            throw ReadError(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count {
                if ferror(handle) != 0 { throw ReadError(path: path, reason: "read error") }
                break
            }
        }
        return SourceFile(path: path, bytes: bytes)
    }
}
