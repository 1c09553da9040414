// libFuzzer entry point for the goroutine dump readers: feeds arbitrary bytes, as lines, to
// the traceback and debug=1 readers, groups what they find and ranks it. Built and run by
// scripts/fuzz dumps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDumps(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var reader = LineReader(source: .bytes(bytes))
    var traceback = TracebackParser()
    var aggregated = AggregatedProfileParser()
    var grouper = Grouper(similarity: .exact, keepAllIDs: true)
    var otherGrouper = Grouper(similarity: .functions, keepAllIDs: false)
    try? reader.forEachLine { line in
        traceback.consume(line) { grouper.add(&$0) }
        aggregated.consume(line) { otherGrouper.add(&$0) }
    }
    traceback.finishInput { grouper.add(&$0) }
    aggregated.finishInput { otherGrouper.add(&$0) }
    let snapshot = Snapshot(name: "fuzz", format: .traceback, groups: grouper.groups, goroutineCount: grouper.goroutineCount,
                            declaredTotal: nil, isLeakProfile: false, warnings: [])
    let report = GoroutineReport(snapshots: [snapshot, snapshot])
    _ = report.suspects.map { $0.group.site }
    return 0
}
