import Testing

@Test func placeholderShoalHTTP() { #expect(Bool(true)) }
