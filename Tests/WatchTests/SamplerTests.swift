import Foundation
import XCTest
@testable import Watch

final class SamplerTests: XCTestCase {
    func testProcSamplerReadsALiveProcessAndSeesItExit() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        // the child is measured once it runs sleep: just after the fork it is a page or two
        // of a process that has not yet exec'd (this raced under load)
        let cmdline = "/proc/\(child.processIdentifier)/cmdline"
        let deadline = Date().addingTimeInterval(5)
        while !((try? String(contentsOfFile: cmdline, encoding: .utf8))?.hasPrefix("/bin/sleep") ?? false), Date() < deadline {
            usleep(10_000)
        }
        let sampler = ProcSampler(pid: child.processIdentifier)
        let reading = try sampler.read(at: 1)
        let rss = try XCTUnwrap(reading.values[.rssBytes])
        XCTAssertGreaterThan(rss, 100_000)
        XCTAssertLessThan(rss, 100_000_000)
        XCTAssertTrue(reading.instance?.hasPrefix("pid \(child.processIdentifier) start ") ?? false, "\(reading)")
        XCTAssertEqual(try sampler.read(at: 2).instance, reading.instance)
        child.terminate()
        child.waitUntilExit()
        XCTAssertThrowsError(try sampler.read(at: 3)) { error in
            XCTAssertEqual((error as? SamplingFailure)?.kind, .gone)
        }
    }

    func testPrometheusTextKeepsUnlabelledValuesOfTheNamesAsked() {
        let page = """
            # HELP go_goroutines Number of goroutines that currently exist.
            # TYPE go_goroutines gauge
            go_goroutines 27
            go_gc_duration_seconds{quantile="0.5"} 3.1e-05
            go_memstats_heap_inuse_bytes 1.0305536e+07
            process_start_time_seconds 1.79602334943e+09
            weird_value NaN
            # EOF
            """
        let values = PrometheusText.values(page, names: ["go_goroutines", "go_memstats_heap_inuse_bytes", "process_start_time_seconds", "absent"])
        XCTAssertEqual(values, ["go_goroutines": 27, "go_memstats_heap_inuse_bytes": 10_305_536, "process_start_time_seconds": 1_796_023_349.43])
        XCTAssertTrue(PrometheusText.values("garbage\n{}\n  \n", names: ["garbage"]).isEmpty)
    }

    func testTheGoroutineCountIsReadFromADebug1ProfileHeader() {
        XCTAssertEqual(ServiceSampler.goroutineTotal(Array("goroutine profile: total 1234\n5 @ 0x1\n".utf8)), 1234)
        XCTAssertNil(ServiceSampler.goroutineTotal(Array("goroutine 1 [running]:\n".utf8)))
        XCTAssertNil(ServiceSampler.goroutineTotal([]))
    }

    func testDurationsAndSizesReadAsPeopleWriteThem() {
        XCTAssertEqual(GoDuration.seconds("500ms"), 0.5)
        XCTAssertEqual(GoDuration.seconds("1h30m"), 5400)
        XCTAssertEqual(GoDuration.seconds("2.5s"), 2.5)
        XCTAssertEqual(GoDuration.seconds("15"), 15)
        XCTAssertNil(GoDuration.seconds("1x"))
        XCTAssertNil(GoDuration.seconds(""))
        XCTAssertNil(GoDuration.seconds("-1"))
        XCTAssertEqual(GoDuration.format(3723), "1h2m")
        XCTAssertEqual(GoDuration.format(0.25), "250ms")
        XCTAssertEqual(ByteSize.bytes("512MiB"), 512 * 1_048_576)
        XCTAssertEqual(ByteSize.bytes("2G"), 2 * 1_073_741_824)
        XCTAssertEqual(ByteSize.bytes("300MB"), 300e6)
        XCTAssertEqual(ByteSize.bytes("4096"), 4096)
        XCTAssertNil(ByteSize.bytes("lots"))
    }

    func testASessionStoresEachReadingAndStopsWhenTheProcessExits() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        let store = try SampleStore(path: nil)
        var settings = WatchSession.Settings()
        settings.interval = 0.01
        let session = try WatchSession(target: "sleep", sampler: ProcSampler(pid: child.processIdentifier), store: store,
                                       settings: settings, now: Date().timeIntervalSince1970)
        var samples = 0
        var verdicts = 0
        let stop = try session.run(
            clock: { Date().timeIntervalSince1970 },
            sleep: { Thread.sleep(forTimeInterval: $0); return true },
            shouldStop: { false },
            emit: { event in
                switch event {
                case .sample:
                    samples += 1
                    if samples == 20 { child.terminate() }
                case .verdict(_, let result, _):
                    verdicts += 1
                    XCTAssertEqual(result.verdict, .insufficientData)
                default: break
                }
            })
        guard case .targetGone(let why) = stop else { return XCTFail("\(stop)") }
        XCTAssertTrue(why.contains("has exited"), why)
        XCTAssertGreaterThanOrEqual(samples, 20)
        XCTAssertEqual(verdicts, 1)
        XCTAssertEqual(try store.rowCount(target: "sleep"), samples)
        child.waitUntilExit()
    }
}
