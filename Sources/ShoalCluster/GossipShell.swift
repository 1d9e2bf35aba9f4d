import ShoalLog
import ShoalLoop
import ShoalMembership

/// Runs a node's `Membership` over UDP on its loop: datagrams in (authenticated by `GossipCodec`), the
/// core's actions out, and a one-shot timer re-armed to the core's next deadline. Confined to the loop thread.
package final class GossipShell {
    private let loop: Loop
    private let codec: GossipCodec
    private let logger: Logger
    private var membership: Membership
    private var socket: UDPSocket?
    private var timer: Timer?
    /// Called on the loop after any member changed.
    package var onMembersChanged: (() -> Void)?
    /// Datagrams dropped because their HMAC did not match or they did not decode.
    package private(set) var rejectedDatagrams = 0
    package private(set) var sentBytes = 0
    package private(set) var receivedBytes = 0
    /// Times any member (this one included) was reported suspect.
    package private(set) var suspicions = 0
    private var metricsTimer: Timer?
    /// More figures for the `cluster metrics` line (the links').
    package var metricFields: (() -> [(String, String)])?

    /// Binds the gossip port (0 picks one) and advertises `advertiseHost` with the bound port.
    package init(
        loop: Loop, name: String, bindHost: String, advertiseHost: String, port: Int, key: String,
        settings: MembershipSettings, logger: Logger
    ) throws {
        self.loop = loop
        self.codec = GossipCodec(key: key)
        self.logger = logger
        var received: ((UnsafeRawBufferPointer, String, Int) -> Void)?
        let socket = try UDPSocket.bind(on: loop, host: bindHost, port: port) { bytes, host, port in
            received?(bytes, host, port)
        }
        let me = Member(name: name, address: NodeAddress(host: advertiseHost, port: UInt16(socket.port)))
        var seed: UInt64 = 0
        for byte in name.utf8 { seed = seed &* 31 &+ UInt64(byte) }
        self.membership = Membership(me: me, settings: settings, seed: seed ^ UInt64(loop.now))
        self.socket = socket
        received = { [unowned self] bytes, host, port in self.received(Array(bytes), host: host, port: port) }
    }

    package var port: Int { socket?.port ?? 0 }
    package var members: [Member] { membership.members }

    /// Starts probing and contacts the seeds (none for the first node of a cluster).
    package func start(seeds: [NodeAddress]) {
        perform(membership.join(seeds: seeds, now: now))
        rearm()
    }

    /// Announces a graceful leave and stops.
    package func leave() {
        perform(membership.leave(now: now))
        timer?.close()
        timer = nil
    }

    package func close() {
        timer?.close()
        timer = nil
        metricsTimer?.close()
        metricsTimer = nil
        socket?.close()
        socket = nil
    }

    private var now: Milliseconds { Milliseconds(loop.now) }

    /// Logs `cluster metrics` every `periodMilliseconds`: members by status, suspicions and rejected
    /// datagrams so far, and gossip traffic per second over the period.
    package func reportMetrics(everyMilliseconds periodMilliseconds: UInt64) {
        guard periodMilliseconds > 0 else { return }
        var lastSent = sentBytes
        var lastReceived = receivedBytes
        let timer = metricsTimer ?? Timer(loop: loop)
        metricsTimer = timer
        timer.start(afterMilliseconds: periodMilliseconds, repeatMilliseconds: periodMilliseconds) { [unowned self] in
            let seconds = Double(periodMilliseconds) / 1000
            let members = membership.members
            func count(_ status: Member.Status) -> String { String(members.count { $0.status == status }) }
            logger.info(
                "cluster metrics",
                [
                    ("alive", count(.alive)), ("suspect", count(.suspect)), ("dead", count(.dead)),
                    ("suspicions", String(suspicions)), ("rejected_datagrams", String(rejectedDatagrams)),
                    ("gossip_out_bytes_per_sec", String(Int(Double(sentBytes - lastSent) / seconds))),
                    ("gossip_in_bytes_per_sec", String(Int(Double(receivedBytes - lastReceived) / seconds))),
                ] + (metricFields?() ?? []))
            lastSent = sentBytes
            lastReceived = receivedBytes
        }
    }

    private func received(_ datagram: [UInt8], host: String, port: Int) {
        receivedBytes += datagram.count
        guard let message = codec.decode(datagram), (0...65535).contains(port) else {
            rejectedDatagrams += 1
            return
        }
        perform(membership.received(message, from: NodeAddress(host: host, port: UInt16(port)), now: now))
        rearm()
    }

    private func tick() {
        perform(membership.tick(now: now))
        rearm()
    }

    private func perform(_ actions: [MembershipAction]) {
        for action in actions {
            switch action {
            case .send(let message, let address):
                let bytes = codec.encode(message)
                sentBytes += bytes.count
                socket?.send(bytes, to: address.host, port: Int(address.port))
            case .memberChanged(let member):
                if member.status == .suspect { suspicions += 1 }
                logger.info(
                    "cluster member changed",
                    [("member", member.name), ("status", member.status.rawValueText), ("address", member.address.description)])
                onMembersChanged?()
            case .refused(let holder):
                logger.error(
                    "cluster refused this node: its name belongs to a live member at another address; retrying until that member is gone",
                    [("name", holder.name), ("holder_address", holder.address.description), ("incarnation", String(holder.incarnation))])
            }
        }
    }

    private func rearm() {
        let deadline = membership.nextDeadline
        guard deadline != .max, socket != nil else { return }
        if timer == nil { timer = Timer(loop: loop) }
        let current = now
        let wait = deadline <= current ? 0 : UInt64(deadline - current)
        timer?.start(afterMilliseconds: wait) { [unowned self] in self.tick() }
    }
}
