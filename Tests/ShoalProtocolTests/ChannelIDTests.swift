import ShoalCore
import ShoalJSON
import ShoalProtocol
import Testing

@Suite struct ChannelIDTests {
    let a = UserID("11111111-1111-4111-8111-111111111111")!
    let b = UserID("22222222-2222-4222-8222-222222222222")!
    let group = UUIDValue("33333333-3333-4333-8333-333333333333")!

    @Test func parsesTheThreeKinds() throws {
        #expect(ChannelID("2...lobby")?.kind == .room("lobby"))
        #expect(ChannelID("2...a.b.c")?.kind == .room("a.b.c"))
        #expect(ChannelID("3.\(group)..")?.kind == .group(group))
        #expect(ChannelID("4.\(a).\(b).")?.kind == .direct(a, b))
        // A direct channel is one channel whichever order its users are written in.
        #expect(ChannelID("4.\(b).\(a).")?.description == "4.\(a).\(b).")
        #expect(ChannelID(.direct(b, a)) == ChannelID(.direct(a, b)))
    }

    @Test func printsNakamaFormAndStreamFields() throws {
        let room = ChannelID(.room("lobby"))
        #expect(room.description == "2...lobby")
        #expect(room.streamMode == 2 && room.streamSubject == .zero && room.streamLabel == "lobby")
        let direct = ChannelID(.direct(a, b))
        #expect(direct.streamMode == 4 && direct.streamSubject == a.uuid && direct.streamDescriptor == b.uuid)
        #expect(ChannelID(.group(group)).description == "3.\(group)..")
    }

    @Test func rejectsMalformedIDs() {
        let long = String(repeating: "x", count: 65)
        for bad in [
            "", "2", "2..", "2...", "2.x..room", "2..x.room", "2...\(long)", "2...a\u{1}b", "1...room", "9...room",
            "3...", "3.not-a-uuid..", "3.\(group).x.", "3.\(group)..label", "3.00000000-0000-0000-0000-000000000000..",
            "4.\(a)..", "4.\(a).\(a).", "4.\(a).\(b).label", "4.\(a).nope.", "x.y.z.w",
        ] {
            #expect(ChannelID(bad) == nil, "\(bad)")
        }
        #expect(ChannelID("2...\(String(repeating: "x", count: 64))") != nil)
    }

    @Test func messageJSONCarriesWrappersAndChannelFields() throws {
        let message = ChannelMessage(
            channel: ChannelID(.direct(a, b)), id: group, code: 0, senderID: a, username: "ann", content: "{}",
            createTime: Timestamp(seconds: 10), updateTime: Timestamp(seconds: 10), persistent: false)
        let json = message.json
        #expect(json["code"] == .int(0))
        #expect(json["persistent"] == .bool(false))
        #expect(json["user_id_one"] == .string(a.description) && json["user_id_two"] == .string(b.description))
        #expect(json["channel_id"] == .string("4.\(a).\(b)."))
        #expect(json["room_name"] == nil)
    }
}
