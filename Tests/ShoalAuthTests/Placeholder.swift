import Testing

@Test func placeholderShoalAuth() { #expect(Bool(true)) }
