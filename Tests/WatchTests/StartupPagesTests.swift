import Watch
import XCTest

final class StartupPagesTests: XCTestCase {
    /// The executable's read-only pages that start-up touched leave the resident set (the
    /// second measurement runs code that was just paged out: it comes back from the file).
    func testStartupPagesLeaveTheResidentSet() throws {
        #if os(Linux)
        let before = try XCTUnwrap(StartupPages.residentKilobytes())
        XCTAssertGreaterThan(before, 1024, "a test binary has more than a megabyte of code resident")
        StartupPages.release()
        let after = try XCTUnwrap(StartupPages.residentKilobytes())
        XCTAssertLessThan(after, before / 2, "resident before \(before) kB, after \(after) kB")
        #endif
    }

    /// Between readings a watch unmaps its code; what runs next maps it back.
    func testCodeLeavesTheResidentSetAndComesBack() throws {
        #if os(Linux)
        let before = try XCTUnwrap(StartupPages.residentKilobytes(codeOnly: true))
        XCTAssertGreaterThan(before, 1024, "a test binary has more than a megabyte of code resident")
        StartupPages.releaseCode()
        let after = try XCTUnwrap(StartupPages.residentKilobytes(codeOnly: true))
        XCTAssertLessThan(after, before / 2, "resident code before \(before) kB, after \(after) kB")
        XCTAssertEqual([3, 1, 2].sorted(), [1, 2, 3], "code still runs")
        #endif
    }
}
