import ShoalCluster
import ShoalCrypto
import ShoalMembership
import Testing

/// The signed wire form of membership messages, without sockets.
@Suite struct GossipCodecTests {
    let codec = GossipCodec(key: "cluster-secret")
    let member = Member(
        name: "node-a", address: NodeAddress(host: "10.0.0.7", port: 7352), status: .suspect, incarnation: 9)

    @Test func everyMessageKindRoundTrips() {
        let gossip = [Gossip(member: member, reporter: "node-b")]
        let messages: [MembershipMessage] = [
            .ping(sequence: 1, target: "node-a", gossip: gossip),
            .ack(sequence: UInt64.max, gossip: []),
            .pingRequest(sequence: 3, target: "node-a", targetAddress: member.address, gossip: gossip),
            .nack(sequence: 4),
            .gossip(gossip),
            .pushPull(sender: "node-b", members: [member], isReply: true),
            .nameTaken(holder: member),
        ]
        for message in messages {
            #expect(codec.decode(codec.encode(message)) == message)
        }
    }

    @Test func aTamperedOrForeignDatagramIsDropped() {
        var datagram = codec.encode(.nack(sequence: 42))
        #expect(GossipCodec(key: "other-key").decode(datagram) == nil)
        datagram[datagram.count - 2] ^= 0x01
        #expect(codec.decode(datagram) == nil)
        #expect(codec.decode(Array(datagram.prefix(32))) == nil)
        #expect(codec.decode([]) == nil)
    }

    @Test func aSignedButMeaninglessPayloadIsDropped() {
        let garbage = Array(#"{"t":"ping"}"#.utf8)
        let signed = HMAC.sha256(key: Array("cluster-secret".utf8), message: garbage) + garbage
        #expect(codec.decode(signed) == nil)
    }
}
