import Testing
@testable import ShoalHTTP

@Suite struct HTTPRequestParserContinueTests {
    @Test func expectContinueIsOfferedOnceWhileTheBodyIsPending() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("POST /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n".utf8))
        #expect(try parser.next() == nil)
        let first = parser.takeExpectsContinue()
        let second = parser.takeExpectsContinue()
        #expect(first)
        #expect(!second)
        parser.feed(Array("hello".utf8))
        let request = try parser.next()
        #expect(request?.body == Array("hello".utf8))
        let afterBody = parser.takeExpectsContinue()
        #expect(!afterBody)
    }

    @Test func requestsWithoutExpectAreNotOffered() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhe".utf8))
        #expect(try parser.next() == nil)
        let offered = parser.takeExpectsContinue()
        #expect(!offered)
    }
}
