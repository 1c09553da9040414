import Watch
import XCTest

final class StartupPagesTests: XCTestCase {
    /// The executable's code leaves the resident set between readings, and the read-only pages
    /// start-up touched leave it once start-up is over; what runs next comes back from the file.
    /// One test, in this order: each step gives pages back, so a step run after another would
    /// measure what the other left.
    func testCodeAndStartupPagesLeaveTheResidentSet() throws {
        #if os(Linux)
        let readOnly = try XCTUnwrap(StartupPages.residentKilobytes())
        let code = try XCTUnwrap(StartupPages.residentKilobytes(codeOnly: true))
        XCTAssertGreaterThan(code, 1024, "a test binary has more than a megabyte of code resident")
        StartupPages.releaseCode()
        let codeAfter = try XCTUnwrap(StartupPages.residentKilobytes(codeOnly: true))
        XCTAssertLessThan(codeAfter, code / 2, "resident code before \(code) kB, after \(codeAfter) kB")
        XCTAssertEqual([3, 1, 2].sorted(), [1, 2, 3], "code still runs")

        StartupPages.release()
        let readOnlyAfter = try XCTUnwrap(StartupPages.residentKilobytes())
        XCTAssertLessThan(readOnlyAfter, readOnly / 2, "resident read-only pages before \(readOnly) kB, after \(readOnlyAfter) kB")
        #endif
    }
}
