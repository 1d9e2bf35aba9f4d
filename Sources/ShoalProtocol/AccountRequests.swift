import ShoalCore
import ShoalJSON

/// Which identity an authenticate, link or unlink call names.
package enum IdentityKind: String, Sendable, CaseIterable {
    case device, custom, email
}

/// The body of `/v2/account/authenticate/{device,custom,email}` and of link/unlink: Nakama's Account* message.
package struct IdentityRequest: Sendable, Equatable {
    package var kind: IdentityKind
    /// Device id, custom id or email address (lower-cased for email).
    package var id: String
    package var password: String
    package var vars: [String: String]

    package init(kind: IdentityKind, id: String, password: String = "", vars: [String: String] = [:]) {
        self.kind = kind
        self.id = id
        self.password = password
        self.vars = vars
    }

    /// Reads an Account* message without validating content (validation differs between authenticate and unlink).
    package static func decode(_ kind: IdentityKind, from input: WireInput) throws(APIError) -> IdentityRequest {
        let vars = try input.stringMap("vars") ?? [:]
        switch kind {
        case .device, .custom:
            return IdentityRequest(kind: kind, id: try input.string("id") ?? "", vars: vars)
        case .email:
            return IdentityRequest(
                kind: kind, id: try input.string("email") ?? "", password: try input.string("password") ?? "",
                vars: vars)
        }
    }
}

/// Body of `PUT /v2/account`: every field is a wrapper, so "absent" and "empty" differ.
package struct AccountUpdate: Sendable, Equatable {
    package var username: String?
    package var displayName: String?
    package var avatarURL: String?
    package var langTag: String?
    package var location: String?
    package var timezone: String?

    package init() {}

    package var isEmpty: Bool {
        username == nil && displayName == nil && avatarURL == nil && langTag == nil && location == nil
            && timezone == nil
    }

    package static func decode(from input: WireInput) throws(APIError) -> AccountUpdate {
        var update = AccountUpdate()
        update.username = try input.string("username")
        update.displayName = try input.string("display_name")
        update.avatarURL = try input.string("avatar_url")
        update.langTag = try input.string("lang_tag")
        update.location = try input.string("location")
        update.timezone = try input.string("timezone")
        return update
    }
}

/// Body of `POST /v2/account/session/refresh`.
package struct SessionRefreshRequest: Sendable, Equatable {
    package var token: String
    package var vars: [String: String]?

    package static func decode(from input: WireInput) throws(APIError) -> SessionRefreshRequest {
        return SessionRefreshRequest(token: try input.string("token") ?? "", vars: try input.stringMap("vars"))
    }
}

/// Body of `POST /v2/session/logout`.
package struct SessionLogoutRequest: Sendable, Equatable {
    package var token: String
    package var refreshToken: String

    package static func decode(from input: WireInput) throws(APIError) -> SessionLogoutRequest {
        return SessionLogoutRequest(
            token: try input.string("token") ?? "", refreshToken: try input.string("refresh_token") ?? "")
    }
}
