import ShoalCore
import ShoalProtocol
import ShoalRuntime
import ShoalStore

extension ServerRuntimeServices {
    package func channelMessageWrite(_ message: ChannelMessage, persist: Bool) throws(RuntimeError) -> ChannelMessage {
        guard persist else { return message }
        return try run { database in
            let store = ChannelMessageStore(connection: database)
            if message.code == 0 { return try store.insert(message) }
            let content = message.code == 2 ? "{}" : message.content
            guard let rewritten = try store.rewrite(
                channel: message.channel, id: message.id, sender: message.senderID, code: message.code, content: content)
            else { throw RuntimeError(.notFound, "message not found") }
            return rewritten
        }
    }
}
