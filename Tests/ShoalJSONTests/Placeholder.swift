import Testing

@Test func placeholderShoalJSON() { #expect(Bool(true)) }
