import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches a goroutine dump from a Go service's net/http/pprof endpoint, with a timeout and
/// a size cap.
enum HTTPInput {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The runtime itself stops a debug=2 dump at 64 MiB; more than that is not a dump.
    static let maxBytes = 64 << 20 + 1 << 20

    /// `http://host:6060` → `…/debug/pprof/goroutine?debug=2`; a pprof path without a query gets `?debug=2`.
    static func resolve(_ text: String) throws -> URL {
        guard var components = URLComponents(string: text), components.host != nil else {
            throw Failure(description: "\(text): not a valid URL")
        }
        if components.path.isEmpty || components.path == "/" {
            components.path = "/debug/pprof/goroutine"
        }
        if components.query == nil && components.path.hasPrefix("/debug/pprof/goroutine") {
            components.query = "debug=2"
        }
        guard let url = components.url else { throw Failure(description: "\(text): not a valid URL") }
        return url
    }

    /// The body, the URL it came from, and a warning when it had to be cut at the cap.
    static func fetch(_ text: String, timeout: Double) throws -> ([UInt8], String, String?) {
        let url = try resolve(text)
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.setValue("seep/\(Seep.version)", forHTTPHeaderField: "User-Agent")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            box.set(data, response, error)
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 1) == .timedOut {
            task.cancel()
            throw Failure(description: "\(url): no answer within \(Int(timeout)) seconds")
        }
        let (data, response, error) = box.get()
        if let error {
            throw Failure(description: "\(url): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse, let data else {
            throw Failure(description: "\(url): no response")
        }
        guard http.statusCode == 200 else {
            let firstLine = String(decoding: data.prefix(200), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            throw Failure(description: "\(url): HTTP \(http.statusCode)\(firstLine.isEmpty ? "" : ": " + firstLine)")
        }
        if data.count > maxBytes {
            return (Array(data.prefix(maxBytes)), url.absoluteString, "the response was larger than \(maxBytes >> 20) MiB and was cut there")
        }
        return (Array(data), url.absoluteString, nil)
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
