#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists a directory's Go files the way the go tool does for `DIR` and `DIR/...`: skipping
/// `vendor`, `testdata` and names starting with `.` or `_` below the top. Reads directories
/// with readdir and trusts the entry type it reports (one stat only when it says unknown or
/// a symbolic link), because walking a large tree is otherwise mostly system calls. Like the
/// go tool, a walk does not follow symbolic links to directories (no loops); linked files count.
enum DirectoryWalk {
    /// Paths relative to `directory`, sorted by bytes within each directory; the directories
    /// that could not be read (no permission) go to `unreadable`, for a warning.
    static func goFiles(in directory: String, recursive: Bool, unreadable: inout [String]) -> [String] {
        var result: [String] = []
        walk(directory, relative: "", recursive: recursive, into: &result, unreadable: &unreadable)
        return result
    }

    private static func walk(_ directory: String, relative: String, recursive: Bool, into result: inout [String],
                             unreadable: inout [String]) {
        var files: [String] = []
        var directories: [String] = []
        guard let handle = opendir(directory) else {
            unreadable.append("\(directory): \(String(cString: strerror(errno))); its files were not linted")
            return
        }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard let first = name.utf8.first, first != UInt8(ascii: "."), first != UInt8(ascii: "_") else { continue }
            switch kind(of: entry.pointee.d_type, path: directory + "/" + name) {
            case .directory:
                if recursive && name != "vendor" && name != "testdata" { directories.append(name) }
            case .file:
                if name.hasSuffix(".go") { files.append(name) }
            case .other:
                break
            }
        }
        closedir(handle)
        // the same order as a sorted listing of the directory: names compared as bytes
        let names = (files.map { ($0, false) } + directories.map { ($0, true) })
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        for (name, isDirectory) in names {
            if isDirectory {
                walk(directory + "/" + name, relative: relative + name + "/", recursive: true, into: &result, unreadable: &unreadable)
            } else {
                result.append(relative + name)
            }
        }
    }

    private enum Kind { case file, directory, other }

    private static func kind(of type: UInt8, path: String) -> Kind {
        switch Int32(type) {
        case Int32(DT_REG): return .file
        case Int32(DT_DIR): return .directory
        case Int32(DT_LNK), Int32(DT_UNKNOWN):
            var info = stat()
            guard stat(path, &info) == 0 else { return .other }  // a dangling link is skipped
            switch info.st_mode & S_IFMT {
            case S_IFREG: return .file
            case S_IFDIR: return Int32(type) == Int32(DT_LNK) ? .other : .directory
            default: return .other
            }
        default: return .other
        }
    }
}
