import Watch
import XCTest

final class StartupPagesTests: XCTestCase {
    /// The executable's read-only pages that start-up touched leave the resident set, and what
    /// runs afterwards still works (the pages come back from the file when touched).
    func testStartupPagesLeaveTheResidentSet() throws {
        #if os(Linux)
        let before = try XCTUnwrap(StartupPages.residentKilobytes())
        XCTAssertGreaterThan(before, 1024, "a test binary has more than a megabyte of code resident")
        StartupPages.release()
        let after = try XCTUnwrap(StartupPages.residentKilobytes())
        XCTAssertLessThan(after, before / 2, "resident before \(before) kB, after \(after) kB")
        XCTAssertEqual([3, 1, 2].sorted(), [1, 2, 3])  // code paged out runs again
        #endif
    }
}
