import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// GETs from Go services, with a timeout and a size cap. One session for the fetcher's life:
/// a watch asks every second for days, and a session per request would pile up.
public final class HTTPFetcher: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
        /// The server answered (with an error status), as opposed to no answer at all.
        public let status: Int?
        public init(_ description: String, status: Int? = nil) {
            self.description = description
            self.status = status
        }
    }

    public struct Response: Sendable {
        public let body: [UInt8]
        public let url: String
        /// Set when the body was longer than the cap and was cut there.
        public let truncated: Bool
    }

    public let timeout: Double
    private let session: URLSession
    private let userAgent: String

    public init(timeout: Double, userAgent: String) {
        self.timeout = timeout
        self.userAgent = userAgent
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.invalidateAndCancel()
    }

    public func get(_ url: URL, maxBytes: Int) throws -> Response {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue(userAgent, forHTTPHeaderField: "User-Agent")
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            box.set(data, response, error)
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 1) == .timedOut {
            task.cancel()
            throw Failure("\(url): no answer within \(GoDuration.format(timeout))")
        }
        let (data, response, error) = box.get()
        if let error {
            throw Failure("\(url): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse, let data else {
            throw Failure("\(url): no response")
        }
        guard http.statusCode == 200 else {
            let firstLine = String(decoding: data.prefix(200), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            throw Failure("\(url): HTTP \(http.statusCode)\(firstLine.isEmpty ? "" : ": " + firstLine)", status: http.statusCode)
        }
        if data.count > maxBytes {
            return Response(body: Array(data.prefix(maxBytes)), url: url.absoluteString, truncated: true)
        }
        return Response(body: Array(data), url: url.absoluteString, truncated: false)
    }

    /// `text` as a URL with a host, or a failure that says so.
    public static func url(_ text: String) throws -> URLComponents {
        guard let components = URLComponents(string: text), components.host != nil,
              components.scheme == "http" || components.scheme == "https" else {
            throw Failure("\(text): not an http(s) URL")
        }
        return components
    }

    private final class ResponseBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (Data?, URLResponse?, Error?) = (nil, nil, nil)
        func set(_ data: Data?, _ response: URLResponse?, _ error: Error?) {
            lock.lock()
            value = (data, response, error)
            lock.unlock()
        }
        func get() -> (Data?, URLResponse?, Error?) {
            lock.lock()
            defer { lock.unlock() }
            return value
        }
    }
}

/// Where a Go service serves its profiles (net/http/pprof), from any URL of the service.
public enum PprofEndpoint {
    /// The runtime itself stops a debug=2 dump at 64 MiB; more than that is not a dump.
    public static let maxDumpBytes = 64 << 20 + 1 << 20

    /// `http://host:6060` → `…/debug/pprof/goroutine?debug=2`; a pprof path without a query gets `?debug=2`.
    public static func goroutines(_ text: String) throws -> URL {
        var components = try HTTPFetcher.url(text)
        if components.path.isEmpty || components.path == "/" {
            components.path = "/debug/pprof/goroutine"
        }
        if components.query == nil && components.path.hasPrefix("/debug/pprof/goroutine") {
            components.query = "debug=2"
        }
        guard let url = components.url else { throw HTTPFetcher.Failure("\(text): not a valid URL") }
        return url
    }

    /// The service's root (`http://host:port`), whatever path `text` names.
    public static func root(_ text: String) throws -> URLComponents {
        var components = try HTTPFetcher.url(text)
        components.path = ""
        components.query = nil
        return components
    }

    /// A profile's URL under the service's root: `path` like `/debug/pprof/heap`.
    public static func url(_ root: URLComponents, path: String, query: String? = nil) -> URL {
        var components = root
        components.path = path
        components.query = query
        return components.url!
    }
}
