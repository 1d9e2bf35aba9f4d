import Testing

@Test func placeholderShoalPostgres() { #expect(Bool(true)) }
