import Foundation
import XCTest
@testable import Goroutines

final class DumpReaderTests: XCTestCase {
    static let testdata = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("testdata")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func read(_ name: String, similarity: Similarity = .lines, keepAllIDs: Bool = false) throws -> Snapshot {
        let bytes = Array(try Data(contentsOf: DumpReaderTests.testdata.appendingPathComponent(name)))
        return try DumpReader.read(.bytes(bytes), name: name, similarity: similarity, keepAllIDs: keepAllIDs)
    }

    /// The line of a file in this repository that contains `marker`.
    private func line(of marker: String, in path: String) throws -> Int {
        let text = try String(contentsOf: DumpReaderTests.repository.appendingPathComponent(path), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        return try XCTUnwrap(lines.firstIndex { $0.contains(marker) }, "no \(marker) in \(path)") + 1
    }

    private func group(_ snapshot: Snapshot, state: String) throws -> GoroutineGroup {
        try XCTUnwrap(snapshot.groups.first { $0.state == state }, "no group in state \(state)")
    }

    func testDumpgenStackHasEachBlockingKindAtItsLine() throws {
        // tools/dumpgen `stack` starts 3 goroutines at each of five sites (startBlocked(3))
        for name in ["dumpgen.stack.txt", "dumpgen.panic.txt"] {
            let snapshot = try read(name)
            XCTAssertEqual(snapshot.format, .traceback)
            let expectations: [(String, String)] = [
                ("chan send", "nobodyReceives <- 1"), ("chan receive", "<-nobodySends"), ("chan send (nil chan)", "nilChan <- 1"),
                ("select (no cases)", "select {}"), ("semacquire", "mu.Lock(); mu.Unlock()"),
            ]
            for (state, marker) in expectations {
                let group = try group(snapshot, state: state)
                XCTAssertEqual(group.count, 3, "\(name) \(state)")
                XCTAssertEqual(group.site?.line, try line(of: marker, in: "tools/dumpgen/main.go"), "\(name) \(state)")
                XCTAssertEqual(group.creator?.function, "main.startBlocked")
            }
        }
    }

    func testGoTestTimeoutDumpIsRead() throws {
        let snapshot = try read("dumpgen.test-timeout.txt")
        XCTAssertEqual(try group(snapshot, state: "chan send (nil chan)").count, 2)
        let verdicts = GoroutineReport(snapshots: [snapshot])
        XCTAssertTrue(verdicts.suspects.contains { $0.group.state == "select (no cases)" })
        XCTAssertFalse(verdicts.suspects.contains { $0.group.representative.frames.contains { $0.function == "testing.(*T).Run" } },
                       "the test runner waits by design")
    }

    func testTheAgentsFanOutLeakIsTheTopSuspectInAllThreeFormats() throws {
        let sendLine = try line(of: "ch <- s", in: "examples/agent/fanout.go")
        let debug2 = try String(contentsOf: DumpReaderTests.testdata.appendingPathComponent("agent-fanout.debug2.txt"), encoding: .utf8)
        // counted independently: headers in chan send whose next line is the leaky literal
        let lines = debug2.components(separatedBy: "\n")
        let blockedSends = zip(lines, lines.dropFirst()).filter { $0.0.hasSuffix("[chan send]:") && $0.1.contains("broadcastLeaky.func1") }.count
        XCTAssertGreaterThan(blockedSends, 10)
        for name in ["agent-fanout.debug2.txt", "agent-fanout.debug1.txt", "agent-fanout.pb.gz"] {
            let report = GoroutineReport(snapshots: [try read(name)])
            let top = try XCTUnwrap(report.suspects.first, name)
            XCTAssertEqual(top.group.site?.function, "main.(*hub).broadcastLeaky.func1", name)
            XCTAssertEqual(top.group.site?.line, sendLine, name)
            XCTAssertTrue(top.group.site?.file.hasSuffix("examples/agent/fanout.go") ?? false, name)
            if name.hasSuffix("debug2.txt") { XCTAssertEqual(top.group.count, blockedSends) }
        }
        XCTAssertEqual(try read("agent-fanout.pb.gz").format, .pprof)
        XCTAssertEqual(try read("agent-fanout.debug1.txt").format, .aggregated)
    }

    func testHeaderAndFrameVariants() throws {
        let prefixed = try read("prefixed.txt")
        XCTAssertEqual(prefixed.goroutineCount, 2, "log prefixes are stripped, the panic line skipped")
        let nilReceive = try group(prefixed, state: "chan receive (nil chan)")
        XCTAssertEqual(nilReceive.representative.waitMinutes, 12)
        XCTAssertEqual(nilReceive.representative.parentID, 1)
        XCTAssertEqual(nilReceive.representative.createdBy, Frame(function: "example.com/app/pkg.GetData", file: "/src/app/pkg/data.go", line: 42))
        let running = try group(prefixed, state: "running")
        XCTAssertTrue(running.flags.contains(.locked))
        XCTAssertEqual(running.representative.frames.first?.line, 12, "fp= sp= pc= are not part of the line")

        let crlf = try read("crlf-variants.txt")
        let leaked = try group(crlf, state: "select")
        XCTAssertTrue(leaked.flags.contains(.leaked))
        XCTAssertEqual(leaked.representative.frames.first?.file, "/src/app/worker.go")
        let durable = try group(crlf, state: "sync.WaitGroup.Wait (durable)")
        XCTAssertTrue(durable.flags.contains(.durable))
        XCTAssertEqual(durable.representative.labels, ["request_id": "abc123", "user name": "x y"])
        XCTAssertEqual(durable.site?.function, "example.com/app.(*Pool).Close", "the blocking site skips sync")
        XCTAssertEqual(durable.creator?.function, "example.com/app.(*Pool).Close", "seen through sync.(*WaitGroup).Go")

        let deep = try read("deep-and-ancestors.txt")
        let readLoop = try group(deep, state: "select")
        XCTAssertEqual(readLoop.representative.ancestors.map(\.id), [21])
        XCTAssertEqual(readLoop.representative.ancestors.first?.frames.count, 2)
        XCTAssertEqual(readLoop.representative.ancestors.first?.createdBy?.function, "net/http.(*Transport).queueForDial")
        let recursive = try group(deep, state: "chan send")
        XCTAssertEqual(recursive.representative.elidedFrames, 1000)
        XCTAssertEqual(recursive.representative.frames.count, 4)
        XCTAssertTrue(try group(deep, state: "runnable").flags.contains(.stackUnavailable))
        let spaces = try group(deep, state: "semacquire")
        XCTAssertEqual(spaces.representative.frames.count, 4, "spaces instead of tabs")
        XCTAssertEqual(spaces.representative.elidedFrames, -1)
        XCTAssertEqual(spaces.site?.function, "example.com/app.(*Cache).Get")
        XCTAssertEqual(spaces.maxWaitMinutes, 5)
    }

    func testGroupingFollowsTheSimilarity() throws {
        let text = """
            goroutine 1 [chan send]:
            main.f(0x1)
            \t/a/main.go:10 +0x1
            created by main.g
            \t/a/main.go:20 +0x1

            goroutine 2 [chan send]:
            main.f(0x2)
            \t/a/main.go:10 +0x1
            created by main.g
            \t/a/main.go:20 +0x1

            goroutine 3 [chan send]:
            main.f(0x2)
            \t/a/main.go:11 +0x1
            created by main.g
            \t/a/main.go:20 +0x1

            """
        func groups(_ similarity: Similarity) throws -> [Int] {
            try DumpReader.read(.bytes(Array(text.utf8)), name: "t", similarity: similarity).groups.map(\.count)
        }
        XCTAssertEqual(try groups(.exact), [1, 1, 1])
        XCTAssertEqual(try groups(.lines), [2, 1])
        XCTAssertEqual(try groups(.functions), [3])
    }

    func testGrowthAcrossSnapshotsDominatesTheRanking() throws {
        func dump(_ ids: ClosedRange<Int>, extra: Int) -> ByteSource {
            var text = ""
            for id in ids {
                text += "goroutine \(id) [chan receive]:\nmain.worker()\n\t/a/w.go:5 +0x1\ncreated by main.start\n\t/a/w.go:2 +0x1\n\n"
            }
            for id in 0..<extra {
                text += "goroutine \(1000 + id) [select, 30 minutes]:\nmain.big()\n\t/a/b.go:9 +0x1\n\n"
            }
            return .bytes(Array(text.utf8))
        }
        let first = try DumpReader.read(dump(1...3, extra: 60), name: "first", keepAllIDs: true)
        let second = try DumpReader.read(dump(1...6, extra: 60), name: "second", keepAllIDs: true)
        let third = try DumpReader.read(dump(1...9, extra: 60), name: "third", keepAllIDs: true)
        let report = GoroutineReport(snapshots: [first, second, third])
        let top = try XCTUnwrap(report.suspects.first)
        XCTAssertEqual(top.group.site?.function, "main.worker", "growth outranks a larger, older group")
        XCTAssertEqual(top.growth?.counts, [3, 6, 9])
        XCTAssertEqual(top.growth?.persistentIDs, 3)
        XCTAssertTrue(report.suspects.contains { $0.group.site?.function == "main.big" }, "60 selects waiting 30 minutes")
        let steady = GoroutineReport(snapshots: [first, first])
        XCTAssertFalse(steady.suspects.contains { $0.group.site?.function == "main.worker" }, "a pool that does not grow is not a leak")
    }

    func testBadInputGivesClearErrors() {
        func failure(_ bytes: [UInt8]) -> String? {
            do {
                _ = try DumpReader.read(.bytes(bytes), name: "input")
                return nil
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(failure([]), "input: no goroutines found (expected a goroutine dump, a debug=1 profile or a pprof profile)")
        XCTAssertEqual(failure(Array("hello\nworld\n".utf8))?.hasPrefix("input: no goroutines found"), true)
        XCTAssertEqual(failure([0x00, 0x01, 0x02, 0xFF]), "input: binary data that is neither a pprof profile nor a goroutine dump")
        XCTAssertEqual(failure([0x1F, 0x8B, 0x08, 0x00, 0x01]), "input: the gzip data ends early (truncated)")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0..<300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = failure(bytes)  // any result but a crash
        }
    }

    func testFuzzerFindingsStayFixed() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: DumpReaderTests.testdata.path).filter { $0.hasPrefix("fuzz-") }
        XCTAssertFalse(names.isEmpty)
        for name in names {
            _ = try? read(name)  // a result or an error, never a trap
        }
    }

    func testADumpCutMidStackGivesPartialResultsAndAWarning() throws {
        let text = try String(contentsOf: DumpReaderTests.testdata.appendingPathComponent("dumpgen.stack.txt"), encoding: .utf8)
        let whole = try DumpReader.read(.bytes(Array(text.utf8)), name: "whole")
        let cut = String(text.dropLast(40))
        let snapshot = try DumpReader.read(.bytes(Array(cut.utf8)), name: "cut")
        XCTAssertEqual(snapshot.goroutineCount, whole.goroutineCount, "the cut goroutine is kept, without its last frame")
        XCTAssertTrue(whole.warnings.isEmpty)
        XCTAssertFalse(snapshot.warnings.isEmpty, "a cut must be reported")
    }

    func testStreamingFromAFileDescriptorMatchesMemory() throws {
        let path = DumpReaderTests.testdata.appendingPathComponent("agent-fanout.debug2.txt").path
        let descriptor = try DumpReader.open(path: path)
        defer { close(descriptor) }
        let streamed = try DumpReader.read(.fileDescriptor(descriptor, read: []), name: path)
        let inMemory = try read("agent-fanout.debug2.txt")
        XCTAssertEqual(streamed.groups.map(\.count), inMemory.groups.map(\.count))
        XCTAssertEqual(streamed.goroutineCount, inMemory.goroutineCount)
    }

    func testTheParentTreeLinksEachGroupToTheGroupThatStartedIt() throws {
        // a real dump of the leaking agent, taken with GODEBUG=tracebackancestors=3 (Go 1.19
        // prints the parent's id only that way)
        let snapshot = try read("agent-fanout.ancestors.txt", keepAllIDs: true)
        let groups = snapshot.groups
        let tree = GoroutineTree(groups)
        func index(_ function: String) throws -> Int {
            try XCTUnwrap(groups.firstIndex { $0.site?.function == function }, function)
        }
        let senders = try index("main.(*hub).broadcastLeaky.func1")
        let hub = try index("main.(*hub).run")
        let main = try index("net/http.(*Server).Serve")
        XCTAssertEqual(tree.parents[senders], hub)
        XCTAssertEqual(tree.parents[hub], main)
        XCTAssertEqual(tree.parents[try index("main.sample")], main)
        XCTAssertNil(tree.parents[main])
        XCTAssertEqual(tree.roots, [main])
        XCTAssertEqual(tree.children[hub], [senders])
        let totals = tree.subtreeCounts(groups)
        XCTAssertEqual(totals[hub], groups[senders].count + 1)
        XCTAssertEqual(totals[main], snapshot.goroutineCount)
        // without ids (aggregated formats) every group is a root
        let aggregated = try read("agent-fanout.debug1.txt")
        XCTAssertEqual(GoroutineTree(aggregated.groups).roots.count, aggregated.groups.count)
    }

    /// Reading in blocks (the next one read while the last is parsed) gives what reading the
    /// whole input at once gives, whatever the block size: blocks smaller than one goroutine,
    /// a few goroutines, or the whole file.
    func testBlockReadingAgreesWithReadingEverythingAtOnce() throws {
        for name in ["agent-fanout.debug2.txt", "agent-fanout.ancestors.txt"] {
            let path = DumpReaderTests.testdata.appendingPathComponent(name).path
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let whole = try ParallelTraceback(similarity: .lines, keepAllIDs: true, threads: 2).read(.bytes(bytes))
            func summary(_ result: ParallelTraceback.Result) -> [String] {
                result.grouper.groups.map { "\($0.count) \($0.state) \($0.site?.function ?? "") \($0.ids.sorted())" }.sorted()
            }
            for blockSize in [200, 1000, 4096, 10_000, 1 << 20] {
                let descriptor = try DumpReader.open(path: path)
                defer { close(descriptor) }
                let head = [UInt8](bytes.prefix(100))
                var skip = [UInt8](repeating: 0, count: head.count)
                XCTAssertEqual(Glibc.read(descriptor, &skip, head.count), head.count)
                let blocks = try ParallelTraceback(similarity: .lines, keepAllIDs: true, threads: 2, blockSize: blockSize)
                    .read(.fileDescriptor(descriptor, read: head))
                XCTAssertEqual(blocks.goroutines, whole.goroutines, "\(name), blocks of \(blockSize)")
                XCTAssertEqual(summary(blocks), summary(whole), "\(name), blocks of \(blockSize)")
                XCTAssertEqual(blocks.skippedLines, whole.skippedLines)
            }
            XCTAssertGreaterThan(whole.goroutines, 50)
        }
    }
}

/// A dump is untrusted input: what it costs to read is bounded by what Seep keeps, not by
/// what the dump holds.
final class DumpLimitsTests: XCTestCase {
    func testStacksPastTheCapAreCountedNotGrouped() throws {
        let extra = 5
        var text = "goroutine profile: total \(Grouper.maxGroups + extra)\n"
        for index in 0..<(Grouper.maxGroups + extra) {
            text += "1 @ 0x43b296 0x\(String(0x400000 + index, radix: 16))\n#\t0x\(String(0x400000 + index, radix: 16))\tmain.worker\(index)+0x38\t/src/main.go:\(index + 1)\n\n"
        }
        let snapshot = try DumpReader.read(.bytes(Array(text.utf8)), name: "many")
        XCTAssertEqual(snapshot.groups.count, Grouper.maxGroups)
        XCTAssertEqual(snapshot.goroutineCount, Grouper.maxGroups + extra, "every goroutine is still counted")
        XCTAssertTrue(snapshot.warnings.contains("more than \(Grouper.maxGroups) distinct stacks: \(extra) goroutines with further stacks were counted, not grouped"),
                      "\(snapshot.warnings)")
    }

    func testAGzipBombIsRefused() throws {
        // 80 MiB of zeros compress to about 80 KiB
        let zeros = [UInt8](repeating: 0, count: 80 << 20)
        let compressed = try gzip(zeros)
        XCTAssertLessThan(compressed.count, 1 << 20)
        XCTAssertThrowsError(try DumpReader.read(.bytes(compressed), name: "bomb.pb.gz")) { error in
            XCTAssertTrue("\(error)".contains("more than 64 MiB once decompressed"), "\(error)")
        }
    }

    func testAProfileOfMoreLocationsThanAProgramHasIsRefusedBeforeDecoding() throws {
        func varint(_ value: Int) -> [UInt8] {
            var value = UInt64(value), out: [UInt8] = []
            repeat {
                out.append(UInt8(value & 0x7F) | (value > 0x7F ? 0x80 : 0))
                value >>= 7
            } while value > 0
            return out
        }
        func field(_ number: Int, _ payload: [UInt8]) -> [UInt8] { varint(number << 3 | 2) + varint(payload.count) + payload }
        func number(_ number: Int, _ value: Int) -> [UInt8] { varint(number << 3) + varint(value) }
        var profile = field(1, number(1, 1) + number(2, 2)) + field(5, number(1, 1) + number(2, 3) + number(4, 4))
        for index in 1...(PprofReader.maxRecords + 1) {
            profile += field(4, number(1, index) + field(4, number(1, 1) + number(2, index)))
        }
        for text in ["", "goroutine", "count", "main.worker", "/src/main.go"] { profile += field(6, Array(text.utf8)) }
        XCTAssertThrowsError(try DumpReader.read(.bytes(profile), name: "many.pb")) { error in
            XCTAssertTrue("\(error)".contains("a goroutine profile with \(PprofReader.maxRecords + 1) locations or more"), "\(error)")
        }
    }

    private func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seep-gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("zeros")
        try Data(bytes).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-9", file.path]
        try process.run()
        process.waitUntilExit()
        return Array(try Data(contentsOf: directory.appendingPathComponent("zeros.gz")))
    }
}
