/// The `code` of a realtime `error` envelope (Nakama's `rtapi.Error.Code`), which SDKs switch on.
package enum RealtimeErrorCode: Int, Sendable, Equatable, CaseIterable {
    case runtimeException = 0
    case unrecognizedPayload = 1
    case missingPayload = 2
    case badInput = 3
    case matchNotFound = 4
    case matchJoinRejected = 5
    case runtimeFunctionNotFound = 6
    case runtimeFunctionException = 7
}
