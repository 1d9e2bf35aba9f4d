import Testing
@testable import ShoalCore

@Suite struct TimestampTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (Int64(1_714_557_600_000_000), "2024-05-01T10:00:00Z"),
        (Int64(1_714_557_600_120_000), "2024-05-01T10:00:00.120Z"),
        (Int64(1_714_557_600_123_456), "2024-05-01T10:00:00.123456Z"),
        (Int64(951_782_400_000_000), "2000-02-29T00:00:00Z"),
        (Int64(-1_000_000), "1969-12-31T23:59:59Z"),
        (Int64(4_102_444_799_000_000), "2099-12-31T23:59:59Z"),
    ])
    func formatsRFC3339(_ micros: Int64, _ expected: String) {
        #expect(Timestamp(microseconds: micros).rfc3339 == expected)
    }

    @Test func grpcCodesMapToGatewayStatuses() {
        #expect(GRPCCode.invalidArgument.httpStatus == 400)
        #expect(GRPCCode.unauthenticated.httpStatus == 401)
        #expect(GRPCCode.permissionDenied.httpStatus == 403)
        #expect(GRPCCode.notFound.httpStatus == 404)
        #expect(GRPCCode.alreadyExists.httpStatus == 409)
        #expect(GRPCCode.resourceExhausted.httpStatus == 429)
        #expect(GRPCCode.failedPrecondition.httpStatus == 400)
        #expect(GRPCCode.unimplemented.httpStatus == 501)
        #expect(GRPCCode.internal.httpStatus == 500)
        #expect(GRPCCode.cancelled.httpStatus == 499)
    }
}
