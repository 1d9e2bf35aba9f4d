import ShoalCrypto
import ShoalJSON
import ShoalMembership

/// Membership messages on the wire: JSON behind a 32-byte HMAC-SHA256 tag keyed with `cluster.key`, so a
/// datagram from outside the cluster (or a tampered one) is dropped before it reaches the membership core.
package struct GossipCodec: Sendable {
    private let key: [UInt8]
    static let tagLength = 32

    package init(key: String) { self.key = Array(key.utf8) }

    package func encode(_ message: MembershipMessage) -> [UInt8] {
        let payload = JSONWriter.write(GossipCodec.json(message))
        return HMAC.sha256(key: key, message: payload) + payload
    }

    /// The message, or nil when the tag does not match or the payload is not a membership message.
    package func decode(_ datagram: [UInt8]) -> MembershipMessage? {
        guard datagram.count > GossipCodec.tagLength else { return nil }
        let tag = datagram[..<GossipCodec.tagLength]
        let payload = Array(datagram[GossipCodec.tagLength...])
        let expected = HMAC.sha256(key: key, message: payload)
        var difference: UInt8 = 0
        for (a, b) in zip(tag, expected) { difference |= a ^ b }
        guard difference == 0, let json = try? JSONParser.parse(payload) else { return nil }
        return GossipCodec.message(json)
    }

    // MARK: JSON shapes

    static func json(_ message: MembershipMessage) -> JSON {
        var object = JSONObject()
        switch message {
        case .ping(let sequence, let target, let gossip):
            object["t"] = "ping"; object["s"] = .string(String(sequence)); object["target"] = .string(target)
            object["g"] = .array(gossip.map(json))
        case .ack(let sequence, let gossip):
            object["t"] = "ack"; object["s"] = .string(String(sequence)); object["g"] = .array(gossip.map(json))
        case .pingRequest(let sequence, let target, let address, let gossip):
            object["t"] = "ping_req"; object["s"] = .string(String(sequence)); object["target"] = .string(target)
            object["a"] = json(address); object["g"] = .array(gossip.map(json))
        case .nack(let sequence):
            object["t"] = "nack"; object["s"] = .string(String(sequence))
        case .gossip(let gossip):
            object["t"] = "gossip"; object["g"] = .array(gossip.map(json))
        case .pushPull(let sender, let members, let isReply):
            object["t"] = "push_pull"; object["sender"] = .string(sender)
            object["m"] = .array(members.map(json)); object["reply"] = .bool(isReply)
        case .nameTaken(let holder):
            object["t"] = "name_taken"; object["m"] = json(holder)
        }
        return .object(object)
    }

    static func json(_ gossip: Gossip) -> JSON {
        .object(JSONObject([("m", json(gossip.member)), ("r", .string(gossip.reporter))]))
    }

    static func json(_ member: Member) -> JSON {
        .object(JSONObject([
            ("n", .string(member.name)), ("a", json(member.address)), ("st", .string(member.status.rawValueText)),
            ("i", .string(String(member.incarnation))),
        ]))
    }

    static func json(_ address: NodeAddress) -> JSON {
        .object(JSONObject([("h", .string(address.host)), ("p", .int(Int64(address.port)))]))
    }

    static func message(_ json: JSON) -> MembershipMessage? {
        guard let type = json["t"]?.stringValue else { return nil }
        let sequence = json["s"]?.stringValue.flatMap { UInt64($0) }
        let gossip = json["g"]?.arrayValue?.compactMap(GossipCodec.gossip) ?? []
        switch type {
        case "ping":
            guard let sequence, let target = json["target"]?.stringValue else { return nil }
            return .ping(sequence: sequence, target: target, gossip: gossip)
        case "ack":
            guard let sequence else { return nil }
            return .ack(sequence: sequence, gossip: gossip)
        case "ping_req":
            guard let sequence, let target = json["target"]?.stringValue, let address = json["a"].flatMap(GossipCodec.address)
            else { return nil }
            return .pingRequest(sequence: sequence, target: target, targetAddress: address, gossip: gossip)
        case "nack":
            guard let sequence else { return nil }
            return .nack(sequence: sequence)
        case "gossip":
            return .gossip(gossip)
        case "push_pull":
            guard let sender = json["sender"]?.stringValue, let members = json["m"]?.arrayValue else { return nil }
            return .pushPull(
                sender: sender, members: members.compactMap(GossipCodec.member), isReply: json["reply"]?.boolValue ?? false)
        case "name_taken":
            return json["m"].flatMap(GossipCodec.member).map { .nameTaken(holder: $0) }
        default:
            return nil
        }
    }

    static func gossip(_ json: JSON) -> Gossip? {
        guard let member = json["m"].flatMap(GossipCodec.member), let reporter = json["r"]?.stringValue else { return nil }
        return Gossip(member: member, reporter: reporter)
    }

    static func member(_ json: JSON) -> Member? {
        guard let name = json["n"]?.stringValue, let address = json["a"].flatMap(GossipCodec.address),
            let status = json["st"]?.stringValue.flatMap(Member.Status.init(text:)),
            let incarnation = json["i"]?.stringValue.flatMap({ UInt64($0) })
        else { return nil }
        return Member(name: name, address: address, status: status, incarnation: incarnation)
    }

    static func address(_ json: JSON) -> NodeAddress? {
        guard let host = json["h"]?.stringValue, let port = json["p"]?.intValue, (0...65535).contains(port) else { return nil }
        return NodeAddress(host: host, port: UInt16(port))
    }
}

extension Member.Status {
    var rawValueText: String {
        switch self {
        case .alive: return "alive"
        case .suspect: return "suspect"
        case .dead: return "dead"
        case .left: return "left"
        }
    }

    init?(text: String) {
        switch text {
        case "alive": self = .alive
        case "suspect": self = .suspect
        case "dead": self = .dead
        case "left": self = .left
        default: return nil
        }
    }
}
