// libFuzzer entry point for the recorded-series readers (CSV, JSON, a Prometheus range query's
// answer) and the trend detector on what they read. Built and run by scripts/fuzz series.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSeries(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? PrometheusMatrix.series(text)
    guard let parsed = try? SeriesParser.parse(text) else { return 0 }
    // the detector on any series the readers accept: times out of order, repeated, far apart
    var detector = TrendDetector()
    detector.limit = 1e9
    _ = detector.analyze(Array(parsed.samples.prefix(3000)))
    return 0
}
