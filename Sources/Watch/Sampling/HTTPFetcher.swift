import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// GETs from Go services, with a timeout and a size cap. One client for the fetcher's life:
/// a watch asks every second for days. AsyncHTTPClient rather than URLSession: on Linux,
/// URLSession kept about 500 bytes of every request (seen by `scripts/soak`: 1.5 MB a minute
/// at a 20 ms interval), and an agent that watches for leaks must not have one.
public final class HTTPFetcher: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
        /// The server answered (with an error status), as opposed to no answer at all.
        public let status: Int?
        /// What the server said with its error status (an API's error message), up to the cap.
        public let body: [UInt8]
        public init(_ description: String, status: Int? = nil, body: [UInt8] = []) {
            self.description = description
            self.status = status
            self.body = body
        }
    }

    public struct Response: Sendable {
        public let body: [UInt8]
        public let url: String
        /// Set when the body was longer than the cap and was cut there.
        public let truncated: Bool
    }

    public let timeout: Double
    private let client: HTTPClient
    private let userAgent: String

    public init(timeout: Double, userAgent: String) {
        self.timeout = timeout
        self.userAgent = userAgent
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .milliseconds(Int64(timeout * 1000)), read: .milliseconds(Int64(timeout * 1000)))
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        // a refused connection is an answer: say so at once, not after retrying until the
        // timeout (a watch tries again at its next reading anyway)
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    deinit {
        try? client.syncShutdown()
    }

    /// A URL's credentials (`http://user:secret@host`) go as basic authentication; every
    /// message names the URL without them.
    public func get(_ address: URL, maxBytes: Int) throws -> Response {
        let (url, authorization) = URLCredentials.split(address)
        let shown = URLCredentials.redacted(address)
        var headers: HTTPHeaders = ["User-Agent": userAgent]
        if let authorization { headers.add(name: "Authorization", value: authorization) }
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url.absoluteString, method: .GET, headers: headers)
        } catch {
            throw Failure("\(shown): not a URL Seep can fetch (\(error))")
        }
        let accumulator = CappedAccumulator(cap: maxBytes)
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
        let (head, body, truncated): (HTTPResponseHead, [UInt8], Bool)
        do {
            (head, body, truncated) = try client.execute(request: request, delegate: accumulator, deadline: deadline).wait()
        } catch is CappedAccumulator.Full {
            (head, body, truncated) = (accumulator.head, accumulator.body, true)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw Failure("\(shown): no answer within \(GoDuration.format(timeout))")
        } catch {
            throw Failure("\(shown): \(HTTPFetcher.describe(error))")
        }
        guard head.status == .ok else {
            let firstLine = String(decoding: body.prefix(200), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            throw Failure("\(shown): HTTP \(head.status.code)\(firstLine.isEmpty ? "" : ": " + firstLine)", status: Int(head.status.code), body: body)
        }
        return Response(body: body, url: shown, truncated: truncated)
    }

    /// Connection errors as people read them: `connection refused`, not a type dump.
    static func describe(_ error: Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("UnknownHost") { return "unknown host" }
        return text
    }

    /// `text` as an http(s) URL with a host and a port a connection can use, or a failure
    /// that says what is wrong with it (credentials masked).
    public static func url(_ text: String) throws -> URLComponents {
        let shown = URLCredentials.redacted(text)
        guard let components = URLComponents(string: text),
              components.scheme == "http" || components.scheme == "https" else {
            throw Failure("\(shown): not an http(s) URL")
        }
        guard let host = components.host, !host.isEmpty else { throw Failure("\(shown): the URL names no host") }
        if let port = components.port, !(1...65535).contains(port) {
            throw Failure("\(shown): port \(port) is not a port (1 to 65535)")
        }
        guard components.url != nil else { throw Failure("\(shown): not a valid URL") }
        return components
    }

    /// Keeps the body up to the cap and stops there: the rest is not read (a server can send
    /// gigabytes), the connection is dropped, and the body is marked truncated.
    private final class CappedAccumulator: HTTPClientResponseDelegate, @unchecked Sendable {
        typealias Response = (HTTPResponseHead, [UInt8], Bool)
        struct Full: Error {}
        let cap: Int
        var head = HTTPResponseHead(version: .http1_1, status: .ok)
        var body: [UInt8] = []
        var truncated = false

        init(cap: Int) { self.cap = cap }

        func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
            self.head = head
            return task.eventLoop.makeSucceededVoidFuture()
        }

        func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
            let room = cap - body.count
            if room > 0 { body += buffer.readableBytesView.prefix(room) }
            if buffer.readableBytes > room {
                truncated = true
                task.fail(reason: Full())
            }
            return task.eventLoop.makeSucceededVoidFuture()
        }

        func didFinishRequest(task: HTTPClient.Task<Response>) throws -> Response {
            (head, body, truncated)
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
        guard let url = components.url else { throw HTTPFetcher.Failure("\(URLCredentials.redacted(text)): not a valid URL") }
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
