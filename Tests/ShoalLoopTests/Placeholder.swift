import Testing

@Test func placeholderShoalLoop() { #expect(Bool(true)) }
