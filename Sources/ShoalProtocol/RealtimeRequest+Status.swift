import ShoalJSON

extension RealtimeRequest {
    /// `status_follow`: follow users' online status by id and by username; ids are wire text, checked by
    /// the pipeline.
    package struct StatusFollow: Sendable, Equatable {
        package var userIDs: [String]
        package var usernames: [String]

        package init(userIDs: [String] = [], usernames: [String] = []) {
            self.userIDs = userIDs
            self.usernames = usernames
        }

        init(from input: RealtimeInput) throws(EnvelopeError) {
            self.init(userIDs: try input.strings("user_ids"), usernames: try input.strings("usernames"))
        }

        package var json: JSON {
            var out = WireObject()
            out.list("user_ids", userIDs.map(JSON.string))
            out.list("usernames", usernames.map(JSON.string))
            return out.json
        }
    }

    /// `status_unfollow`: stop following users; answered with a cid-only ack.
    package struct StatusUnfollow: Sendable, Equatable {
        package var userIDs: [String]

        package init(userIDs: [String]) { self.userIDs = userIDs }

        init(from input: RealtimeInput) throws(EnvelopeError) {
            self.init(userIDs: try input.strings("user_ids"))
        }

        package var json: JSON {
            var out = WireObject()
            out.list("user_ids", userIDs.map(JSON.string))
            return out.json
        }
    }

    /// `status_update`: set the session's status, or (when `status` is nil) appear offline.
    ///
    /// `status` is a StringValue wrapper: nil and "" differ, and "" is written on output.
    package struct StatusUpdate: Sendable, Equatable {
        package var status: String?

        package init(status: String?) { self.status = status }

        init(from input: RealtimeInput) throws(EnvelopeError) {
            self.init(status: try input.string("status"))
        }

        package var json: JSON {
            var out = WireObject()
            out.wrappedString("status", status)
            return out.json
        }
    }
}
