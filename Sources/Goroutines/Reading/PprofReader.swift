import SwiftProtobuf

/// Reads the pprof protobuf goroutine profile (`/debug/pprof/goroutine?debug=0`, and the
/// `goroutineleak` profile), gzip-compressed or not, with the swift-protobuf code generated
/// from proto/profile.proto. Like debug=1 it has counts and stacks but no IDs or states;
/// unlike debug=1 it keeps the runtime frames on top, so the state is read off them.
enum PprofReader {
    static let maxCompressedSize = 64 << 20
    /// Decompressed: a goroutine profile is aggregated by stack, megabytes even for a million
    /// goroutines; more is a gzip bomb, refused before it takes the machine's memory.
    static let maxProfileSize = 64 << 20

    /// Samples (distinct stacks) or locations (distinct program counters) a profile may have.
    static let maxRecords = 200_000

    /// The first of `sample` (field 2) or `location` (field 4) that a profile holds more than
    /// `maxRecords` of, by a walk over its top-level fields that decodes nothing.
    static func overLimit(_ data: [UInt8]) -> (String, Int)? {
        var samples = 0, locations = 0
        var index = 0
        func varint() -> UInt64? {
            var value: UInt64 = 0, shift: UInt64 = 0
            while index < data.count && shift < 64 {
                let byte = data[index]
                index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }
        while index < data.count {
            guard let tag = varint() else { return nil }
            switch tag & 7 {
            case 0: guard varint() != nil else { return nil }
            case 1: index += 8
            case 5: index += 4
            case 2:
                guard let length = varint(), length <= UInt64(data.count - min(index, data.count)) else { return nil }
                index += Int(length)
            default: return nil  // not a profile; the decoder says so
            }
            if tag >> 3 == 2 { samples += 1 }
            if tag >> 3 == 4 { locations += 1 }
            if samples > maxRecords { return ("samples", samples) }
            if locations > maxRecords { return ("locations", locations) }
        }
        return nil
    }

    /// An uncompressed profile starts with field 1 (sample_type) or 2 (sample), length-delimited.
    static func looksLikeProfile(_ head: [UInt8]) -> Bool {
        guard let first = head.first, first == 0x0A || first == 0x12 else { return false }
        return head.prefix(64).contains { $0 < 0x09 }
    }

    static func read(_ bytes: [UInt8], name: String, similarity: Similarity) throws -> Snapshot {
        var data = bytes
        if bytes.starts(with: [0x1F, 0x8B]) {
            do {
                data = try Gzip.decompress(bytes, limit: maxProfileSize)
            } catch {
                throw DumpReader.Failure("\(name): \(error)")
            }
        }
        // decoded, each sample and location takes hundreds of bytes: count them first
        if let (field, count) = PprofReader.overLimit(data) {
            throw DumpReader.Failure("\(name): a goroutine profile with \(count) \(field) or more; Seep reads up to \(maxRecords) (a program's goroutines have far fewer distinct stacks)")
        }
        let profile: Perftools_Profiles_Profile
        do {
            profile = try Perftools_Profiles_Profile(serializedBytes: data)
        } catch {
            throw DumpReader.Failure("\(name): not a pprof profile (\(error))")
        }
        let strings = profile.stringTable
        func string(_ index: Int64) -> String {
            index >= 0 && Int(index) < strings.count ? strings[Int(index)] : ""
        }
        let sampleTypes = profile.sampleType.map { string($0.type) }
        guard sampleTypes.contains(where: { $0 == "goroutine" || $0 == "goroutineleak" }) else {
            let kind = sampleTypes.first ?? "unknown"
            throw DumpReader.Failure("\(name): a \(kind) profile, not a goroutine profile")
        }
        let isLeakProfile = sampleTypes.contains("goroutineleak")
        let functions = Dictionary(profile.function.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let locations = Dictionary(profile.location.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var grouper = Grouper(similarity: similarity, keepAllIDs: false)
        var raw = RawGoroutine()
        var warnings: [String] = []
        var missing = 0
        for sample in profile.sample {
            raw.reset()
            raw.count = Int(min(max(sample.value.first ?? 1, 0), Int64(RawGoroutine.maxCount)))
            for id in sample.locationID {
                guard let location = locations[id] else {
                    missing += 1
                    continue
                }
                // several lines: inlined calls, innermost first, the caller last
                for line in location.line {
                    guard let function = functions[line.functionID] else { continue }
                    let functionRange = raw.store(string(function.name))
                    let fileRange = raw.store(string(function.filename))
                    raw.frames.append(RawGoroutine.RawFrame(function: functionRange, arguments: functionRange.upperBound..<functionRange.upperBound,
                                                            file: fileRange, line: Int(line.line)))
                }
            }
            for label in sample.label where label.str != 0 {
                raw.labels[string(label.key)] = string(label.str)
            }
            raw.state = raw.store(inferredState(raw))
            if isLeakProfile { raw.flags.insert(.leaked) }
            grouper.add(&raw)
        }
        if missing > 0 { warnings.append("\(missing) samples point at locations the profile does not define") }
        return Snapshot(name: name, format: .pprof, groups: grouper.groups, goroutineCount: grouper.goroutineCount,
                        declaredTotal: nil, isLeakProfile: isLeakProfile, warnings: warnings + grouper.warnings)
    }

    /// What the runtime frames on top of a stack say the goroutine waits on.
    static func inferredState(_ raw: RawGoroutine) -> String {
        for frame in raw.frames.prefix(8) {
            switch raw.string(frame.function) {
            case "runtime.chansend1", "runtime.chansend": return "chan send"
            case "runtime.chanrecv1", "runtime.chanrecv2", "runtime.chanrecv": return "chan receive"
            case "runtime.selectgo": return "select"
            case "runtime.block": return "select (no cases)"
            case "sync.runtime_SemacquireMutex", "sync.runtime_SemacquireRWMutex", "sync.runtime_SemacquireRWMutexR",
                 "sync.runtime_Semacquire", "sync.runtime_notifyListWait":
                return "semacquire"
            case "time.Sleep": return "sleep"
            case "internal/poll.runtime_pollWait": return "IO wait"
            default: continue
            }
        }
        return ""
    }
}
