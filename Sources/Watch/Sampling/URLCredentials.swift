import Foundation

/// Credentials in a URL (`http://user:secret@host:6060`): sent as HTTP basic authentication
/// and never shown. Every URL Seep prints, stores or puts in an error goes through
/// `redacted`, so a secret typed on the command line does not reach a terminal, a CI log,
/// a report or a watch store.
public enum URLCredentials {
    /// What stands for a password (Go's `url.URL.Redacted` writes the same).
    static let mask = "xxxxx"

    /// `url` without its user and password, and the `Authorization` header they make.
    static func split(_ url: URL) -> (url: URL, authorization: String?) {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false),
              components.user != nil || components.password != nil else { return (url, nil) }
        let pair = (components.user ?? "") + ":" + (components.password ?? "")
        components.user = nil
        components.password = nil
        return (components.url ?? url, "Basic " + Data(pair.utf8).base64EncodedString())
    }

    /// `text` with its password replaced by `xxxxx` (a user alone, which may be a token,
    /// is masked too). Text that is no URL is returned as it is.
    public static func redacted(_ text: String) -> String {
        guard text.contains("@"), var components = URLComponents(string: text),
              components.user != nil || components.password != nil else { return text }
        if components.password != nil {
            components.password = mask
        } else {
            components.user = mask
        }
        return components.string ?? text
    }

    public static func redacted(_ url: URL) -> String {
        redacted(url.absoluteString)
    }
}
