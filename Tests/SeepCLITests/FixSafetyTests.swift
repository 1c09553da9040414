import Foundation
@testable import SeepCLI
import XCTest

/// `seep lint --fix` edits a user's files: it writes only what it read and fixed, only where
/// the owner allows, and keeps what makes the file that file (links, owner, mode).
final class FixSafetyTests: XCTestCase {
    private func fix(_ arguments: [String] = [], in tree: URL) throws -> SeepProcess.Result {
        try SeepProcess.run(["lint", "--fix"] + arguments, in: tree)
    }

    private func isFixed(_ path: String) throws -> Bool {
        try String(contentsOfFile: path, encoding: .utf8).contains("\t\tfunc() {\n\t\t\tf, err := os.Open(os.Args[1])")
    }

    func testAReadOnlyFileIsReportedNotRewritten() throws {
        let tree = try workspace(["a.go": LintCommandTests.leaky])
        let file = tree.appendingPathComponent("a.go").path
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file)
        let result = try fix(in: tree)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("a.go:1:1: fixes not written: a.go is read-only (mode 444)"), result.stdout)
        XCTAssertTrue(result.stderr.contains("applied 0 fixes in 0 files"), result.stderr)
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), LintCommandTests.leaky)
    }

    func testASymbolicLinkStaysALinkAndItsTargetIsFixed() throws {
        let tree = try workspace(["real/a.go": LintCommandTests.leaky])
        let link = tree.appendingPathComponent("link.go").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real/a.go")
        let result = try fix(["link.go"], in: tree)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "real/a.go")
        XCTAssertTrue(try isFixed(tree.appendingPathComponent("real/a.go").path))
    }

    func testHardLinksOwnerAndModeAreKept() throws {
        let tree = try workspace(["a.go": LintCommandTests.leaky])
        let file = tree.appendingPathComponent("a.go").path
        let other = tree.appendingPathComponent("other-name.go.txt").path
        XCTAssertEqual(link(file, other), 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o604], ofItemAtPath: file)
        let result = try fix(["a.go"], in: tree)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(try isFixed(other), "the other name sees the fix")
        var a = stat(), b = stat()
        XCTAssertEqual(stat(file, &a), 0)
        XCTAssertEqual(stat(other, &b), 0)
        XCTAssertEqual(a.st_ino, b.st_ino, "still one file")
        XCTAssertEqual(a.st_mode & 0o777, 0o604)

        // as root, a file that belongs to someone else stays theirs
        guard geteuid() == 0 else { return }
        let owned = try workspace(["b.go": LintCommandTests.leaky])
        let path = owned.appendingPathComponent("b.go").path
        XCTAssertEqual(chown(path, 65534, 65534), 0)
        XCTAssertEqual(try fix(in: owned).status, 0)
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertTrue(try isFixed(path))
        XCTAssertEqual(info.st_uid, 65534)
        XCTAssertEqual(info.st_gid, 65534)
    }

    func testAnEditMadeMeanwhileIsNeverOverwritten() throws {
        let tree = try workspace(["a.go": LintCommandTests.leaky])
        let path = tree.appendingPathComponent("a.go").path
        let read = Array(LintCommandTests.leaky.utf8)
        let users = LintCommandTests.leaky + "// the user's edit\n"
        try users.write(toFile: path, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try AtomicFile.replace(path, expecting: read, with: Array("fixed".utf8))) { error in
            XCTAssertTrue("\(error)".contains("changed while Seep was fixing it; nothing written"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), users)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tree.path).filter { $0.contains(".seep-") }
        XCTAssertEqual(leftovers, [])
        // unchanged, it is replaced
        try AtomicFile.replace(path, expecting: Array(users.utf8), with: Array("fixed".utf8))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "fixed")
    }
}
