import ShoalJSON

/// Nakama's `rtapi.Stream`: the address of a custom runtime stream, as `stream_data` and
/// `stream_presence_event` name it.
///
/// Modes 0–7 are Nakama's own streams (notifications, status, chat, matches, parties); runtime code uses
/// other modes. All four parts are plain text on the wire and omitted when empty/zero.
package struct RealtimeStream: Sendable, Equatable, Hashable {
    package var mode: Int
    package var subject: String
    package var subcontext: String
    package var label: String

    package init(mode: Int, subject: String = "", subcontext: String = "", label: String = "") {
        self.mode = mode
        self.subject = subject
        self.subcontext = subcontext
        self.label = label
    }

    package var json: JSON {
        var out = WireObject()
        out.int32("mode", mode)
        out.string("subject", subject)
        out.string("subcontext", subcontext)
        out.string("label", label)
        return out.json
    }
}
