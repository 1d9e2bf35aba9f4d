import ShoalCluster
import Testing

@Suite struct PeerLinkBackoffTests {
    let backoff = Backoff(minimumMilliseconds: 50, maximumMilliseconds: 2000)

    @Test func delaysDoubleFromTheMinimum() {
        #expect(backoff.delayMilliseconds(attempt: 0, random: 0.999) == 49)
        #expect(backoff.delayMilliseconds(attempt: 1, random: 0.999) == 99)
        #expect(backoff.delayMilliseconds(attempt: 2, random: 0.999) == 199)
        #expect(backoff.delayMilliseconds(attempt: 3, random: 0) == 200)
    }

    @Test func jitterStaysInTheUpperHalfOfTheStep() {
        for random in stride(from: 0.0, to: 1.0, by: 0.05) {
            #expect((25...50).contains(backoff.delayMilliseconds(attempt: 0, random: random)))
            #expect((200...400).contains(backoff.delayMilliseconds(attempt: 3, random: random)))
        }
        #expect(backoff.delayMilliseconds(attempt: 0, random: 0) == 25)
    }

    @Test func theMaximumCapsEveryLaterAttempt() {
        for attempt in [6, 7, 100, Int.max] {
            #expect(backoff.delayMilliseconds(attempt: attempt, random: 0) == 1000)
            #expect(backoff.delayMilliseconds(attempt: attempt, random: 0.999) == 1999)
        }
    }

    @Test func outOfRangeInputsAreClamped() {
        #expect(backoff.delayMilliseconds(attempt: -3, random: 0) == 25)
        #expect(backoff.delayMilliseconds(attempt: 0, random: 7) == 50)
        #expect(backoff.delayMilliseconds(attempt: 0, random: -1) == 25)
    }
}
