/// The robust trend statistics: Mann–Kendall with a correction for autocorrelation, and the
/// Theil–Sen slope with its confidence interval.
public enum Statistics {
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Mann–Kendall S and its variance (with the correction for ties).
    static func mannKendall(_ values: [Double]) -> (s: Double, variance: Double) {
        let n = values.count
        var s = 0.0
        for i in 0..<n {
            for j in (i + 1)..<n {
                let difference = values[j] - values[i]
                if difference > 0 { s += 1 } else if difference < 0 { s -= 1 }
            }
        }
        var ties: [Double: Int] = [:]
        for value in values { ties[value, default: 0] += 1 }
        let nd = Double(n)
        var variance = nd * (nd - 1) * (2 * nd + 5)
        for (_, count) in ties where count > 1 {
            let t = Double(count)
            variance -= t * (t - 1) * (2 * t + 5)
        }
        return (s, variance / 18)
    }

    /// Lag-1 autocorrelation of the residuals around a line.
    static func lag1Autocorrelation(_ values: [Double], at x: [Double], slope: Double, intercept: Double) -> Double {
        let residuals = values.indices.map { values[$0] - (intercept + slope * (x[$0] - x[0])) }
        let mean = residuals.reduce(0, +) / Double(residuals.count)
        var numerator = 0.0
        var denominator = 0.0
        for index in residuals.indices {
            let centered = residuals[index] - mean
            denominator += centered * centered
            if index > 0 { numerator += centered * (residuals[index - 1] - mean) }
        }
        return denominator > 0 ? numerator / denominator : 0
    }

    public struct TrendTest: Sendable {
        /// Theil–Sen slope per step, with a 95 % confidence interval.
        public let slope: Double
        public let slopeLow: Double
        public let slopeHigh: Double
        /// The value the Theil–Sen line has at the first step.
        public let intercept: Double
        /// Mann–Kendall Z after the autocorrelation correction.
        public let z: Double
        /// One-sided confidence that the series rises: Φ(Z), or from S's exact distribution
        /// for a few independent values.
        public let confidence: Double
        /// The effective number of independent samples.
        public let effectiveSampleSize: Double

        /// The same test with another confidence (from another test of the same values).
        func withConfidence(_ confidence: Double) -> TrendTest {
            TrendTest(slope: slope, slopeLow: slopeLow, slopeHigh: slopeHigh, intercept: intercept, z: z,
                      confidence: confidence, effectiveSampleSize: effectiveSampleSize)
        }
    }

    /// Tests evenly spaced values for a monotonic trend. Autocorrelated samples (memory taken
    /// seconds apart) carry less information than their count: the variance of S is scaled by
    /// n/n*, with n* the AR(1) effective sample size (Yue & Wang 2004).
    /// `positions` place uneven values in time (in steps; the first at 0); without them the
    /// values are one step apart. Slopes and the intercept are per step.
    public static func trend(_ values: [Double], at positions: [Double]? = nil) -> TrendTest? {
        let n = values.count
        guard n >= 4 else { return nil }
        let x = positions ?? values.indices.map(Double.init)
        var slopes: [Double] = []
        slopes.reserveCapacity(n * (n - 1) / 2)
        for i in 0..<n {
            for j in (i + 1)..<n where x[j] > x[i] { slopes.append((values[j] - values[i]) / (x[j] - x[i])) }
        }
        guard !slopes.isEmpty else { return nil }
        slopes.sort()
        let slope = median(slopes)
        let intercept = median(values.indices.map { values[$0] - slope * (x[$0] - x[0]) })
        // only an autocorrelation that is significant is corrected for (Hamed & Rao keep only
        // significant lags): from a few points the estimate is mostly noise, and a trend that
        // bends (flat, then rising) leaves residuals that read as autocorrelated
        let estimated = lag1Autocorrelation(values, at: x, slope: slope, intercept: intercept)
        let rho = abs(estimated) > 1.96 / Double(n).squareRoot() ? max(-0.9, min(0.95, estimated)) : 0
        let effective = max(2, Double(n) * (1 - rho) / (1 + rho))
        let (s, variance) = mannKendall(values)
        let corrected = variance * Double(n) / min(Double(n), effective)
        let z: Double
        if s > 0 { z = (s - 1) / corrected.squareRoot() } else if s < 0 { z = (s + 1) / corrected.squareRoot() } else { z = 0 }
        // few independent, untied values: S's exact distribution, which the normal one
        // understates in the tail (seven values in order: 1 in 5,040 by chance, not 1 in 770)
        var confidence = normalCDF(z)
        if rho == 0, n < MannKendallTable.tails.count, Set(values).count == n {
            confidence = 1 - MannKendallTable.chanceOfAtLeast(s, among: n)
        }
        // the Theil–Sen interval: ranks (N ∓ 1.96·√Var)/2 of the sorted pairwise slopes
        let spread = 1.96 * corrected.squareRoot()
        let pairs = Double(slopes.count)
        let low = Int(max(0, ((pairs - spread) / 2).rounded(.down)))
        let high = Int(min(pairs - 1, ((pairs + spread) / 2).rounded(.up)))
        return TrendTest(slope: slope, slopeLow: slopes[min(low, slopes.count - 1)], slopeHigh: slopes[max(0, high)],
                         intercept: intercept, z: z, confidence: confidence, effectiveSampleSize: effective)
    }

    public struct LineWithCurve: Sendable {
        /// The line's slope per unit of x, and its standard error (widened for
        /// autocorrelated residuals).
        public let slope: Double
        public let slopeError: Double
        /// The curve's coefficient.
        public let curve: Double
        public let squaredError: Double
        /// One-sided confidence that the line rises: Student's t with the n − 3 degrees of
        /// freedom three coefficients leave (from a dozen points the normal one would
        /// overstate it many times over in the tail).
        public let confidence: Double
    }

    /// Least squares of y on a constant, x and a curve (one value per point):
    /// y ≈ a + slope·x + curve·curve(x). Nil when the three cannot be told apart.
    public static func lineWithCurve(_ y: [Double], on x: [Double], curve g: [Double]) -> LineWithCurve? {
        let n = y.count
        guard n >= 6, x.count == n, g.count == n else { return nil }
        let count = Double(n)
        let (meanX, meanG, meanY) = (x.reduce(0, +) / count, g.reduce(0, +) / count, y.reduce(0, +) / count)
        var (xx, xg, gg, xy, gy) = (0.0, 0.0, 0.0, 0.0, 0.0)
        for index in 0..<n {
            let (dx, dg, dy) = (x[index] - meanX, g[index] - meanG, y[index] - meanY)
            xx += dx * dx; xg += dx * dg; gg += dg * dg; xy += dx * dy; gy += dg * dy
        }
        let determinant = xx * gg - xg * xg
        guard determinant > 1e-12 * xx * gg else { return nil }
        let slope = (gg * xy - xg * gy) / determinant
        let curve = (xx * gy - xg * xy) / determinant
        var residuals: [Double] = []
        residuals.reserveCapacity(n)
        for index in 0..<n {
            residuals.append(y[index] - meanY - slope * (x[index] - meanX) - curve * (g[index] - meanG))
        }
        let squaredError = residuals.reduce(0) { $0 + $1 * $1 }
        var lagged = 0.0
        for index in 1..<n { lagged += residuals[index] * residuals[index - 1] }
        let rho = squaredError > 0 ? max(0, min(0.9, lagged / squaredError)) : 0
        let variance = squaredError / (count - 3) * gg / determinant * (1 + rho) / (1 - rho)
        let error = variance.squareRoot()
        let confidence = error > 0 ? studentCDF(slope / error, degrees: count - 3) : (slope > 0 ? 1 : 0)
        return LineWithCurve(slope: slope, slopeError: error, curve: curve, squaredError: squaredError, confidence: confidence)
    }

    /// The Theil–Sen slope: the median of the slopes between every two points (nil for
    /// fewer than two at different positions).
    public static func senSlope(_ values: [Double], at positions: [Double]) -> Double? {
        var slopes: [Double] = []
        for i in values.indices {
            for j in (i + 1)..<values.count where positions[j] > positions[i] {
                slopes.append((values[j] - values[i]) / (positions[j] - positions[i]))
            }
        }
        return slopes.isEmpty ? nil : median(slopes)
    }

    /// One-sided confidence that a line through the points rises: Student's t test of the
    /// least-squares slope, n − 2 degrees of freedom. For a few precise, independent points
    /// (one a collection cycle) this weighs how far the rise stands above their scatter,
    /// which ranks alone cannot: six points in order are 1 in 720 by chance however steep.
    /// Nil for fewer than four points or no spread in time.
    public static func slopeConfidence(_ y: [Double], at x: [Double]) -> Double? {
        leastSquaresLine(y, at: x)?.confidence
    }

    public struct Line: Sendable {
        public let intercept: Double
        public let slope: Double
        public let slopeError: Double
        /// One-sided confidence that the slope is positive (Student's t, n − 2 degrees of freedom).
        public let confidence: Double
    }

    /// The least-squares line y ≈ intercept + slope·x, with Student's t test of its slope.
    /// Nil for fewer than four points or no spread in x.
    public static func leastSquaresLine(_ y: [Double], at x: [Double]) -> Line? {
        let n = y.count
        guard n >= 4, x.count == n else { return nil }
        let count = Double(n)
        let (meanX, meanY) = (x.reduce(0, +) / count, y.reduce(0, +) / count)
        var (xx, xy) = (0.0, 0.0)
        for index in 0..<n {
            xx += (x[index] - meanX) * (x[index] - meanX)
            xy += (x[index] - meanX) * (y[index] - meanY)
        }
        guard xx > 0 else { return nil }
        let slope = xy / xx
        var squaredError = 0.0
        for index in 0..<n {
            let residual = y[index] - meanY - slope * (x[index] - meanX)
            squaredError += residual * residual
        }
        let intercept = meanY - slope * meanX
        guard squaredError > 0 else { return Line(intercept: intercept, slope: slope, slopeError: 0, confidence: slope > 0 ? 1 : 0) }
        let error = (squaredError / (count - 2) / xx).squareRoot()
        return Line(intercept: intercept, slope: slope, slopeError: error, confidence: studentCDF(slope / error, degrees: count - 2))
    }

    /// P(T ≤ t) for Student's t with `degrees` degrees of freedom.
    static func studentCDF(_ t: Double, degrees: Double) -> Double {
        let tail = 0.5 * regularizedBeta(degrees / (degrees + t * t), degrees / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// I_x(a, b), the regularized incomplete beta function, by its continued fraction
    /// (modified Lentz), on the side where the fraction converges fast.
    static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        if x > (a + 1) / (a + b + 2) { return 1 - regularizedBeta(1 - x, b, a) }
        let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logPowers - logBeta) / a
        let tiny = 1e-300
        var (c, d) = (1.0, 1 - (a + b) * x / (a + 1))
        d = 1 / (abs(d) < tiny ? tiny : d)
        var fraction = d
        for m in 1...300 {
            let m = Double(m)
            let even: Double = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            let odd: Double = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            for numerator in [even, odd] {
                d = 1 + numerator * d
                d = 1 / (abs(d) < tiny ? tiny : d)
                c = 1 + numerator / c
                if abs(c) < tiny { c = tiny }
                fraction *= c * d
            }
            if abs(c * d - 1) < 1e-12 { break }
        }
        return front * fraction
    }

    /// Φ(x), the standard normal distribution function.
    public static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.squareRoot())
    }

    /// The complementary error function (Numerical Recipes' erfcc, |error| < 1.2e-7).
    static func erfc(_ x: Double) -> Double {
        let z = abs(x)
        let t = 1 / (1 + 0.5 * z)
        let polynomial = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
        let result = t * exp(polynomial)
        return x >= 0 ? result : 2 - result
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
