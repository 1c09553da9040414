import Foundation
import Reports

/// Writes a line to standard error. Messages quote what the user's input says (a path, a
/// dump's text, a server's answer), so control characters are escaped for the terminal.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((TerminalText.escaped(message, keepingLines: true) + "\n").utf8))
}
