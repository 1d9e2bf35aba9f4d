/// Domain failures the repositories report; `ShoalAPI` turns them into Nakama's codes and messages.
package struct StoreError: Error, Sendable, Equatable {
    package enum Code: Sendable, Equatable {
        /// A unique identity (username, device, email, custom id, …) already belongs to another user.
        case duplicate(Field)
        case notFound
        /// The operation would leave the user with no way to log in.
        case lastIdentity
    }

    /// The unique column a `duplicate` names.
    package enum Field: String, Sendable, Equatable {
        case username, device, email, custom
    }

    package var code: Code
    package init(_ code: Code) { self.code = code }
}
