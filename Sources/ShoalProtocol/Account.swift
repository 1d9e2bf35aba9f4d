import ShoalCore
import ShoalJSON

/// Nakama's `api.User`: a public profile as other players see it.
package struct User: Sendable, Equatable {
    package var id: UserID
    package var username: String
    package var displayName: String = ""
    package var avatarURL: String = ""
    package var langTag: String = "en"
    package var location: String = ""
    package var timezone: String = ""
    package var metadata: String = "{}"
    package var facebookID: String = ""
    package var googleID: String = ""
    package var gamecenterID: String = ""
    package var steamID: String = ""
    package var facebookInstantGameID: String = ""
    package var appleID: String = ""
    package var online: Bool = false
    package var edgeCount: Int = 0
    package var createTime: Timestamp = .epoch
    package var updateTime: Timestamp = .epoch

    package init(id: UserID, username: String) {
        self.id = id
        self.username = username
    }

    package var json: JSON {
        var out = WireObject()
        out.string("id", id.description)
        out.string("username", username)
        out.string("display_name", displayName)
        out.string("avatar_url", avatarURL)
        out.string("lang_tag", langTag)
        out.string("location", location)
        out.string("timezone", timezone)
        out.string("metadata", metadata)
        out.string("facebook_id", facebookID)
        out.string("google_id", googleID)
        out.string("gamecenter_id", gamecenterID)
        out.string("steam_id", steamID)
        out.bool("online", online)
        out.int32("edge_count", edgeCount)
        out.timestamp("create_time", createTime)
        out.timestamp("update_time", updateTime)
        out.string("facebook_instant_game_id", facebookInstantGameID)
        out.string("apple_id", appleID)
        return out.json
    }
}

/// Nakama's `api.Account`: the owner's own view, with identities and wallet.
package struct Account: Sendable, Equatable {
    package var user: User
    package var wallet: String = "{}"
    package var email: String = ""
    package var deviceIDs: [String] = []
    package var customID: String = ""
    package var verifyTime: Timestamp?
    package var disableTime: Timestamp?

    package init(user: User) { self.user = user }

    package var json: JSON {
        var out = WireObject()
        out.message("user", user.json)
        out.string("wallet", wallet)
        out.string("email", email)
        out.list("devices", deviceIDs.map { .object(JSONObject([("id", .string($0))])) })
        out.string("custom_id", customID)
        out.timestamp("verify_time", verifyTime)
        return out.json
    }
}

/// Nakama's `api.Session`: what an authenticate or refresh call returns.
package struct SessionTokens: Sendable, Equatable {
    package var created: Bool
    package var token: String
    package var refreshToken: String

    package init(created: Bool, token: String, refreshToken: String) {
        self.created = created
        self.token = token
        self.refreshToken = refreshToken
    }

    package var json: JSON {
        var out = WireObject()
        out.bool("created", created)
        out.string("token", token)
        out.string("refresh_token", refreshToken)
        return out.json
    }
}

/// The REST error body: `{"code": <gRPC code>, "message": "..."}`.
package enum ErrorBody {
    package static func json(_ error: APIError) -> JSON {
        var out = WireObject()
        out.int32("code", error.code.rawValue)
        out.string("message", error.message)
        return out.json
    }
}
