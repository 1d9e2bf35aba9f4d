import Testing
@testable import ShoalPostgres

@Suite struct PostgresTimestampTests {
    @Test(arguments: [
        ("1970-01-01", Int64(0)),
        ("2024-05-01 10:00:00", Int64(1_714_557_600)),
        ("2024-05-01 10:00:00.123456+00", Int64(1_714_557_600)),
        ("2024-05-01 12:00:00+02", Int64(1_714_557_600)),
        ("2024-05-01 05:30:00-04:30", Int64(1_714_557_600)),
        ("2000-02-29 00:00:00+00", Int64(951_782_400)),
        ("1969-12-31 23:59:59+00", Int64(-1)),
    ])
    func parsesISOOutput(_ text: String, _ expected: Int64) {
        #expect(PostgresTimestamp.unixSeconds(text) == expected)
    }

    @Test(arguments: ["", "2024-5-01", "2024-05-01 10:00", "2024-05-01 10:00:00 UTC", "infinity", "2024-05-01 10:00:00+2"])
    func rejectsOtherText(_ text: String) {
        #expect(PostgresTimestamp.unixSeconds(text) == nil)
    }
}
