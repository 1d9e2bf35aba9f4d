import Testing

@Test func placeholderShoalConfig() { #expect(Bool(true)) }
