/// Lifeguard's dynamic suspicion timer for one member: it starts long and shrinks logarithmically with
/// each independent confirmation, so a member suspected by many is declared dead sooner.
///
/// The deadline never falls below `start + minimum` nor rises above `start + maximum`; confirmations
/// beyond `expected` and repeated reporters change nothing.
struct Suspicion: Sendable {
    let start: Milliseconds
    let minimum: Milliseconds
    let maximum: Milliseconds
    let expected: Int
    private(set) var reporters: Set<String>

    init(reporter: String, start: Milliseconds, minimum: Milliseconds, maximum: Milliseconds, expected: Int) {
        self.start = start
        self.minimum = minimum
        self.maximum = maximum
        self.expected = expected
        reporters = [reporter]
    }

    /// Independent confirmations beyond the first suspicion.
    var confirmations: Int { reporters.count - 1 }

    var deadline: Milliseconds {
        guard expected >= 1 else { return start + minimum }
        let fraction = Suspicion.log(Double(confirmations + 1)) / Suspicion.log(Double(expected + 1))
        let timeout = Double(maximum) - Double(maximum - minimum) * fraction
        return start + max(minimum, Milliseconds(timeout.rounded(.down)))
    }

    /// Records `reporter`; returns whether it was a new confirmation that moved the deadline.
    mutating func confirm(by reporter: String) -> Bool {
        guard confirmations < expected, !reporters.contains(reporter) else { return false }
        reporters.insert(reporter)
        return true
    }

    /// Natural logarithm without Foundation: `log(x) = 2 * atanh((x - 1) / (x + 1))` by its series, exact
    /// enough for timeouts at the positive arguments used here.
    static func log(_ x: Double) -> Double {
        precondition(x > 0)
        var mantissa = x
        var exponent = 0.0
        while mantissa > 2 { mantissa /= 2; exponent += 1 }
        while mantissa < 1 { mantissa *= 2; exponent -= 1 }
        let y = (mantissa - 1) / (mantissa + 1)
        let y2 = y * y
        var term = y
        var sum = 0.0
        var k = 1.0
        while abs(term / k) > 1e-15 {
            sum += term / k
            term *= y2
            k += 2
        }
        return 2 * sum + exponent * 0.693_147_180_559_945_3
    }
}
