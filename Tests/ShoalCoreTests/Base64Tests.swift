import Testing
@testable import ShoalCore

@Suite struct Base64Tests {
    @Test func encodesRFC4648Vectors() {
        let vectors = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                       ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.encode(Array(plain.utf8), padding: false) == encoded.replacingEquals())
            #expect(Base64.decode(encoded) == Array(plain.utf8))
            #expect(Base64.decode(encoded.replacingEquals()) == Array(plain.utf8))
        }
    }

    @Test func alphabetsDifferOnlyInTwoSymbols() {
        let bytes: [UInt8] = [0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF]
        #expect(Base64.encode(bytes) == "+vv8/f7/")
        #expect(Base64.encode(bytes, alphabet: .url) == "-vv8_f7_")
        #expect(Base64.encode([0xFB, 0xFF], alphabet: .url, padding: false) == "-_8")
        #expect(Base64.decode("+vv8/f7/") == bytes)
        #expect(Base64.decode("-vv8_f7_") == bytes)
        #expect(Base64.decode("-_8=") == [0xFB, 0xFF])
        #expect(Base64.decode("-_8") == [0xFB, 0xFF])
    }

    @Test func roundTripsEveryLength() {
        let bytes = (0..<64).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for count in 0...bytes.count {
            let slice = Array(bytes.prefix(count))
            for alphabet in [Base64.Alphabet.standard, .url] {
                for padding in [true, false] {
                    #expect(Base64.decode(Base64.encode(slice, alphabet: alphabet, padding: padding)) == slice)
                }
            }
        }
    }

    @Test func rejectsNonBase64() {
        for text in ["Z", "Zg=", "Zg===", "=", "==", "====", "Z===", "Zg==Zg==", "Zm9v\n", "Zm 9v", "Zm9*", "Zm9v=",
                     "Zg=a"] {
            #expect(Base64.decode(text) == nil, "\(text)")
        }
    }
}

private extension String {
    func replacingEquals() -> String { String(filter { $0 != "=" }) }
}
