/// Which rules run: the default set (every rule that is not opt-in), narrowed or widened by
/// `--select` / `--ignore` and the config file. Selectors are codes, code prefixes (`L1`) or names.
public struct RuleSelection: Sendable {
    public var select: [String]
    public var ignore: [String]

    public init(select: [String] = [], ignore: [String] = []) {
        self.select = select
        self.ignore = ignore
    }

    public func isEnabled(_ rule: RuleDescription) -> Bool {
        if ignore.contains(where: { Suppressions.matches($0, rule) }) { return false }
        if select.isEmpty { return !rule.optIn }
        return select.contains { Suppressions.matches($0, rule) || $0 == "ALL" }
    }

    /// Selectors that match no rule at all: a typo the user should hear about.
    public func unknownSelectors(among rules: [RuleDescription]) -> [String] {
        (select + ignore).filter { selector in
            selector != "ALL" && !rules.contains { Suppressions.matches(selector, $0) }
        }
    }
}
