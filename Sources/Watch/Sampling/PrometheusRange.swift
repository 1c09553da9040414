import Foundation
import Trend

/// A series' history from a Prometheus server (or Thanos Querier, Mimir): one range query,
/// `GET /api/v1/query_range`. A service Prometheus already scrapes has days of history, and
/// with a day of it a daily cycle is told from a leak at once, not after a day of watching.
public enum PrometheusRange {
    /// Prometheus refuses a range query of more than 11,000 points a series.
    public static let maxPoints = 11_000.0
    /// Steps finer than a typical scrape interval add no readings, only repeats.
    public static let finestStep = 15.0
    /// A range query's answer is about 30 bytes a point; this is room for many series.
    static let maxBytes = 256 << 20

    /// The step for `range` seconds: the finest that stays under the points Prometheus allows
    /// (a tenth under, for the ends), whole seconds.
    public static func step(forRange range: Double) -> Double {
        max(finestStep, (range / (maxPoints * 0.9)).rounded(.up))
    }

    /// `server` is the server's root (`http://prometheus:9090`, or with a path prefix such as
    /// `/prometheus`); the query is asked at `…/api/v1/query_range`.
    public static func url(server: String, query: String, start: Double, end: Double, step: Double) throws -> URL {
        var components = try HTTPFetcher.url(server)
        guard components.query == nil else { throw HTTPFetcher.Failure("\(URLCredentials.redacted(server)): give the server's root URL, without a query") }
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        if !path.hasSuffix("/api/v1/query_range") { path += "/api/v1/query_range" }
        components.path = path
        // form encoding: '+' in a query string is a space to Prometheus, so everything but
        // the unreserved characters is escaped (`a + b` stays an addition)
        func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
        }
        let parameters = [("query", query), ("start", String(format: "%.3f", start)), ("end", String(format: "%.3f", end)),
                          ("step", String(format: "%.0f", step))]
        components.percentEncodedQuery = parameters.map { "\($0)=\(encoded($1))" }.joined(separator: "&")
        guard let url = components.url else { throw HTTPFetcher.Failure("\(URLCredentials.redacted(server)): not a valid URL") }
        return url
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// The series `query` gives over the `range` seconds up to `end`. A server that is not
    /// Prometheus, refuses the query or cannot be reached is a failure that says which.
    public static func fetch(server: String, query: String, range: Double, end: Double, step: Double? = nil,
                             fetcher: HTTPFetcher) throws -> [PrometheusMatrix.Series] {
        let step = step ?? self.step(forRange: range)
        guard range / step <= maxPoints else {
            throw HTTPFetcher.Failure("a step of \(GoDuration.format(step)) over \(GoDuration.format(range)) is more than the 11,000 points a series Prometheus answers; take a longer step")
        }
        let url = try url(server: server, query: query, start: end - range, end: end, step: step)
        let body: [UInt8]
        do {
            let response = try fetcher.get(url, maxBytes: maxBytes)
            guard !response.truncated else { throw HTTPFetcher.Failure("\(URLCredentials.redacted(url)): the answer is over \(maxBytes >> 20) MiB; narrow the query or the range") }
            body = response.body
        } catch let failure as HTTPFetcher.Failure where failure.status != nil {
            // Prometheus says why it refused a query (400 bad_data, 422 execution, 503 timeout) in JSON
            if case .failure(let why)? = answer(failure.body) { throw HTTPFetcher.Failure("\(URLCredentials.redacted(server)): \(why)") }
            throw HTTPFetcher.Failure("\(failure.description) (is \(URLCredentials.redacted(server)) a Prometheus server? Seep asks its /api/v1/query_range)")
        }
        switch answer(body) {
        case .series(let series): return series
        case .failure(let why): throw HTTPFetcher.Failure("\(URLCredentials.redacted(server)): \(why)")
        case nil: throw HTTPFetcher.Failure("\(URLCredentials.redacted(url)): not a Prometheus API answer (is \(URLCredentials.redacted(server)) a Prometheus server?)")
        }
    }

    private enum Answer {
        case series([PrometheusMatrix.Series])
        case failure(String)
    }

    /// The answer's series or its refusal; nil when the body is no Prometheus API answer.
    private static func answer(_ body: [UInt8]) -> Answer? {
        var parser = MiniJSON(body)
        guard let value = try? parser.parse(), PrometheusMatrix.isAnswer(value) else { return nil }
        do {
            return .series(try PrometheusMatrix.series(value))
        } catch {
            return .failure("\(error)")
        }
    }
}
