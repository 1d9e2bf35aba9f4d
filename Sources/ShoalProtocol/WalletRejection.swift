/// Why a wallet changeset was refused, with Nakama's wording, so callers can report the currency at fault.
package struct WalletRejection: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The balance would drop below zero.
        case negative
        /// The balance would not fit a signed 64-bit integer.
        case overflow
    }

    package var kind: Kind
    package var currency: String
    package var current: Int64
    package var delta: Int64

    package init(kind: Kind, currency: String, current: Int64, delta: Int64) {
        self.kind = kind
        self.currency = currency
        self.current = current
        self.delta = delta
    }

    package var description: String {
        switch kind {
        case .negative:
            "wallet update rejected negative value at path '\(currency)', current: \(current), change: \(delta)"
        case .overflow:
            "wallet update rejected overflowing value at path '\(currency)', current: \(current), change: \(delta)"
        }
    }
}
