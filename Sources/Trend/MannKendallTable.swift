/// The exact null distribution of Mann–Kendall's S for a few values: with n values in random
/// order, S = n(n−1)/2 − 2·inversions, and the number of orderings with k inversions is the
/// Mahonian number I(n, k).
enum MannKendallTable {
    /// `tails[n][k]`: the chance that random order has at most k inversions (S at least
    /// n(n−1)/2 − 2k), for n below `tails.count`.
    static let tails: [[Double]] = {
        var table: [[Double]] = [[1], [1]]
        var counts = [1.0]  // I(1, k)
        var total = 1.0     // n!
        for n in 2..<21 {
            let most = n * (n - 1) / 2
            var next = [Double](repeating: 0, count: most + 1)
            for k in 0...most {
                // the new largest value lands with 0 to n − 1 values after it
                for after in 0..<n where k - after >= 0 && k - after < counts.count { next[k] += counts[k - after] }
            }
            counts = next
            total *= Double(n)
            var sum = 0.0
            table.append(counts.map { sum += $0; return sum / total })
        }
        return table
    }()

    /// The chance that n values in random order give an S of at least `s`.
    static func chanceOfAtLeast(_ s: Double, among n: Int) -> Double {
        let most = n * (n - 1) / 2
        let inversions = (Double(most) - s) / 2
        guard inversions >= 0 else { return 0 }
        return tails[n][min(most, Int(inversions.rounded(.down)))]
    }
}
