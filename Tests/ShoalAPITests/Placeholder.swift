import Testing

@Test func placeholderShoalAPI() { #expect(Bool(true)) }
