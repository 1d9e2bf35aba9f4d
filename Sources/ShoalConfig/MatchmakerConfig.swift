/// The `matchmaker` section: how many tickets a session may hold and how often matching runs.
package struct MatchmakerConfig: Sendable, Equatable {
    package var maxTickets: Int = 3
    package var intervalSec: Int = 15
    package var maxIntervals: Int = 2

    package init() {}
}
