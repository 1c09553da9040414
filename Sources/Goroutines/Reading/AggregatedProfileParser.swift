/// Reads the aggregated text profile, `/debug/pprof/goroutine?debug=1` (and the
/// `goroutineleak` profile in the same form):
///
///     goroutine profile: total 9
///     2 @ 0x103b125 0x106cd1f 0x13ac44a 0x106fd81
///     # labels: {"k":"v"}
///     #	0x106cd1e	time.Sleep+0xbe			/usr/local/go/src/runtime/time.go:188
///
/// Each record stands for `count` goroutines with one stack. The format has no IDs, states or
/// wait times, and hides the runtime frames on top, so the state is left empty.
struct AggregatedProfileParser {
    private(set) var goroutine = RawGoroutine()
    private var inRecord = false
    private(set) var total: Int?
    private(set) var isLeakProfile = false
    private(set) var recordCount = 0
    private(set) var skippedLines = 0

    static let leakHeader = Array("goroutineleak profile: total ".utf8)
    static let header = Array("goroutine profile: total ".utf8)

    mutating func consume(_ line: UnsafeBufferPointer<UInt8>, _ emit: (inout RawGoroutine) -> Void) {
        let text = TracebackParser.trimLeadingSpace(line)
        if text.isEmpty {
            finish(emit)
            return
        }
        if text.starts(with: AggregatedProfileParser.header) || text.starts(with: AggregatedProfileParser.leakHeader) {
            finish(emit)
            isLeakProfile = text.starts(with: AggregatedProfileParser.leakHeader)
            total = TracebackParser.number(text)
            return
        }
        if text.first == UInt8(ascii: "#") {
            guard inRecord else { return }
            readComment(text)
            return
        }
        // `<count> @ <pc> <pc> …`
        if let at = TracebackParser.find(Array(" @ ".utf8), in: text), let count = TracebackParser.number(UnsafeBufferPointer(rebasing: text[..<at])) {
            finish(emit)
            goroutine.reset()
            goroutine.count = min(max(count, 0), RawGoroutine.maxCount)
            inRecord = true
            return
        }
        skippedLines += 1
    }

    mutating func finishInput(_ emit: (inout RawGoroutine) -> Void) {
        finish(emit)
    }

    private mutating func finish(_ emit: (inout RawGoroutine) -> Void) {
        guard inRecord else { return }
        inRecord = false
        recordCount += 1
        if isLeakProfile { goroutine.flags.insert(.leaked) }
        emit(&goroutine)
    }

    /// `#\t0x4a2b3c\tmain.f+0x3c\t\t/src/main.go:12` (tab-separated, runs of tabs) or `# labels: {…}`.
    private mutating func readComment(_ text: UnsafeBufferPointer<UInt8>) {
        let body = TracebackParser.trimLeadingSpace(UnsafeBufferPointer(rebasing: text[1...]))
        if body.starts(with: Array("labels:".utf8)) {
            goroutine.labels = AggregatedProfileParser.jsonLabels(String(decoding: body[7...], as: UTF8.self))
            return
        }
        let fields = body.split(whereSeparator: { $0 == 0x09 }).filter { !$0.isEmpty }
        guard fields.count >= 3 else { return }  // an unsymbolized PC
        var function = fields[1]
        if let plus = function.lastIndex(of: UInt8(ascii: "+")) { function = function[..<plus] }
        let location = fields[fields.count - 1]
        guard let colon = location.lastIndex(of: UInt8(ascii: ":")) else { return }
        var number = 0
        for byte in location[(colon + 1)...] where byte >= 0x30 && byte <= 0x39 { number = min(number &* 10 &+ Int(byte - 0x30), 1 << 40) }
        let functionRange = goroutine.store(UnsafeBufferPointer(rebasing: function))
        let fileRange = goroutine.store(UnsafeBufferPointer(rebasing: location[..<colon]))
        goroutine.frames.append(RawGoroutine.RawFrame(function: functionRange, arguments: functionRange.upperBound..<functionRange.upperBound,
                                                      file: fileRange, line: number))
    }

    /// `{"k":"v", "k2":"v2"}` as the profile writes it.
    static func jsonLabels(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var body = text.trimmingCharacters(in: " ")
        if body.hasPrefix("{") { body.removeFirst() }
        if body.hasSuffix("}") { body.removeLast() }
        for pair in body.split(separator: ",") {
            let parts = pair.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = String(parts[0]).trimmingCharacters(in: " ").trimmingCharacters(in: "\"")
            let value = String(parts[1]).trimmingCharacters(in: " ").trimmingCharacters(in: "\"")
            result[key] = value
        }
        return result
    }
}
