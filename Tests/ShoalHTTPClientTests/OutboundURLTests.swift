@testable import ShoalHTTPClient
import Testing

@Suite struct OutboundURLTests {
    @Test func splitsSchemeHostPortAndTarget() throws {
        let url = try OutboundURL("HTTPS://api.example.com:8443/v1/verify?x=1&y=2#top")
        #expect(url.isTLS)
        #expect(url.host == "api.example.com")
        #expect(url.port == 8443)
        #expect(url.target == "/v1/verify?x=1&y=2")
        #expect(url.hostField == "api.example.com:8443")
    }

    @Test func defaultPortsAreOmittedFromHostField() throws {
        let plain = try OutboundURL("http://example.com")
        #expect(plain.port == 80)
        #expect(plain.target == "/")
        #expect(plain.hostField == "example.com")
        let tls = try OutboundURL("https://example.com:443?q")
        #expect(tls.port == 443)
        #expect(tls.target == "/?q")
        #expect(tls.hostField == "example.com")
        #expect(try OutboundURL("http://example.com:443/").hostField == "example.com:443")
    }

    @Test func bracketedIPv6Literal() throws {
        let url = try OutboundURL("http://[2001:db8::1]:8080/a")
        #expect(url.host == "2001:db8::1")
        #expect(url.port == 8080)
        #expect(url.hostField == "[2001:db8::1]:8080")
        let defaultPort = try OutboundURL("https://[::1]")
        #expect(defaultPort.port == 443)
        #expect(defaultPort.hostField == "[::1]")
        #expect(try OutboundURL("http://10.0.0.1:81/").hostField == "10.0.0.1:81")
    }

    @Test func keepsPercentEncodingAndEncodesSpaceAndNonASCII() throws {
        #expect(try OutboundURL("http://h/a%2Fb?k=v%20w").target == "/a%2Fb?k=v%20w")
        #expect(try OutboundURL("http://h/ä ö").target == "/%C3%A4%20%C3%B6")
    }
}
