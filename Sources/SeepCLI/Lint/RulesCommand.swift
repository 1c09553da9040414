import ArgumentParser
import LeakRules

/// `seep rules`: every rule, one line each.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List Seep's rules.",
        discussion: "Codes are stable; select rules by code, by code prefix (L1 = every defer rule) or by name. `seep explain CODE` prints a rule's documentation."
    )

    func run() {
        let rules = Registry.descriptions
        let nameWidth = rules.map(\.name.count).max() ?? 0
        print("CODE  " + "NAME".padding(nameWidth) + "  DEFAULT   SEVERITY  FIX  SUMMARY")
        for rule in rules {
            let state = rule.optIn ? "opt-in" : "on"
            let fix = rule.fixes.isEmpty ? "-" : "yes"
            print(rule.code.padding(4) + "  " + rule.name.padding(nameWidth) + "  " + state.padding(8) + "  "
                  + rule.severity.rawValue.padding(8) + "  " + fix.padding(3) + "  " + rule.summary)
        }
    }
}

/// `seep explain CODE`: a rule's documentation.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Print a rule's documentation.")

    @Argument(help: "A rule's code (L101) or name (defer-in-loop).")
    var rule: String

    func run() throws {
        guard let description = Registry.description(for: rule) else {
            throw CommandFailure("no rule \(rule) (see `seep rules`)")
        }
        print("# \(description.code) \(description.name)\n")
        print(description.summary + "\n")
        print(description.documentation)
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
