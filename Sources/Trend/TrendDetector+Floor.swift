// The GC sawtooth removed: window minima, or collection cycles' levels.
extension TrendDetector {
    /// The typical time between garbage collections seen in the samples: the median gap
    /// between sharp drops (falls larger than `dropFactor` times the median step). A window
    /// must hold a collection or its minimum is not a floor; Go collects at least every two
    /// minutes, but a heap read between collections, or another runtime, can cycle slower.
    /// 0 when the series has no sawtooth.
    /// Also the indices of the samples just after each drop.
    static func collections(_ samples: [Sample]) -> (period: Double, drops: [Int]) {
        guard samples.count >= 8 else { return (0, []) }
        let steps = zip(samples, samples.dropFirst()).map { $1.value - $0.value }
        let typical = Statistics.median(steps.map(abs))
        guard typical > 0 else { return (0, []) }
        var drops: [Int] = []
        for (index, step) in steps.enumerated() where step < -dropFactor * typical {
            // a collection seen over two readings is one drop
            if let last = drops.last, last == index { drops[drops.count - 1] = index + 1 } else { drops.append(index + 1) }
        }
        guard drops.count >= 3 else { return (0, []) }
        return (Statistics.median(zip(drops, drops.dropFirst()).map { samples[$1].time - samples[$0].time }), drops)
    }

    /// The level one collection cycle starts from. Between collections the heap climbs at the
    /// allocation rate, so every reading of the cycle says where it started: a line through
    /// them, read at the cycle's first reading, is several times less noisy than that one
    /// reading alone (the cycle's minimum). A cycle too short for a line, or one that does
    /// not climb steadily (noise, or a collection not seen as one), gives its minimum.
    static func postCollectionLevel(_ cycle: ArraySlice<Sample>) -> Sample {
        let lowest = cycle.min { $0.value < $1.value }!
        guard cycle.count >= 4, let first = cycle.first else { return lowest }
        let n = Double(cycle.count)
        let meanTime = cycle.reduce(0) { $0 + $1.time } / n
        let meanValue = cycle.reduce(0) { $0 + $1.value } / n
        var covariance = 0.0, variance = 0.0
        for sample in cycle {
            covariance += (sample.time - meanTime) * (sample.value - meanValue)
            variance += (sample.time - meanTime) * (sample.time - meanTime)
        }
        guard variance > 0, covariance > 0 else { return lowest }
        let slope = covariance / variance
        // a climb the line follows closely (most of the spread explained); a collection the
        // drops missed makes a sawtooth inside the cycle, and its line is no floor
        let spread = cycle.reduce(0) { $0 + ($1.value - meanValue) * ($1.value - meanValue) }
        guard slope * covariance >= 0.9 * spread else { return lowest }
        return Sample(time: first.time, value: meanValue - slope * (meanTime - first.time))
    }

    /// A fall this many times the median step is a collection, not noise.
    static let dropFactor = 4.0

    /// The per-window minima of the analysed stretch, the window length in seconds, and
    /// whether the points are collection cycles' levels instead (see below).
    ///
    /// When the samples show a sawtooth slower than the windows (collections minutes apart,
    /// a resident set the scavenger returns slowly), the floor is instead each collection
    /// cycle's minimum — one point a cycle, as near to white noise as a floor gets — and the
    /// step is the typical cycle.
    func floorSeries(_ samples: [Sample], from start: Double, span: Double) -> (floor: [Sample], step: Double, cycles: Bool) {
        let intervals = zip(samples, samples.dropFirst()).map { $1.time - $0.time }.filter { $0 > 0 }
        let typical = intervals.isEmpty ? span : Statistics.median(intervals)
        // (no more windows than samples, however far apart their times: a short span's
        // windows over a long stretch, as a day of history is read, stay countable)
        let extent = (samples.last?.time ?? start) - start
        let window = max(typical * 3, span / Double(targetWindows), minimumWindow, extent / Double(max(1, samples.count)))
        let (cycle, drops) = TrendDetector.collections(samples)
        if cycle * 2 > window {
            var floor: [Sample] = []
            var from = 0
            for end in drops + [samples.count] where end > from {
                floor.append(TrendDetector.postCollectionLevel(samples[from..<end]))
                from = end
            }
            // the first cycle is cut by the stretch's start: its level is no floor. The last one
            // began with a collection and is the freshest news, but its level is as rough as it
            // is short (from one or two readings, a collection may still be under way): kept
            // once it has run half a typical cycle
            let running = (samples.last?.time ?? 0) - samples[drops.last ?? 0].time
            return (floor.count > 2 ? Array(floor.dropFirst().dropLast(running >= cycle / 2 ? 0 : 1)) : floor, cycle, true)
        }
        var minima: [Int: Sample] = [:]
        for sample in samples {
            let slot = Int((sample.time - start) / window)
            if let known = minima[slot], known.value <= sample.value { continue }
            minima[slot] = Sample(time: start + (Double(slot) + 0.5) * window, value: sample.value)
        }
        // the last window is cut short by the end of the samples: it may hold no collection,
        // and its minimum would be a reading high on the sawtooth, not a floor
        var slots = minima.keys.sorted()
        if let lastSlot = slots.last, let lastTime = samples.last?.time,
           start + Double(lastSlot + 1) * window > lastTime + typical, slots.count > 1 {
            slots.removeLast()
        }
        return (slots.map { minima[$0]! }, window, false)
    }
}
