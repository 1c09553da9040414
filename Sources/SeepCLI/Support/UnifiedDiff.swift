import Foundation

/// A unified diff between two versions of a file, made by the system's `diff -u`.
enum UnifiedDiff {
    static func render(path: String, old: [UInt8], new: [UInt8]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seep-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = directory.appendingPathComponent("a")
        let after = directory.appendingPathComponent("b")
        try Data(old).write(to: before)
        try Data(new).write(to: after)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let (old, new) = path.hasPrefix("/") ? (path, path) : ("a/" + path, "b/" + path)
        process.arguments = ["diff", "-u", "--label", old, "--label", new, before.path, after.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // diff exits 1 when the files differ, which is the point
        guard process.terminationStatus <= 1 else {
            throw CommandFailure("diff failed with status \(process.terminationStatus)")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
