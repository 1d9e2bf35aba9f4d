import ShoalConfig
import ShoalLog
import ShoalNode
import ShoalTestSupport
import Testing

@Suite struct NodeTests {
    @Test func refusesAnUnmigratedDatabaseAndNamesTheCommand() throws {
        let url = try TestDatabase.create(migrated: false)
        var config = NodeConfig(cores: 2)
        config.socket.address = "127.0.0.1"
        config.socket.port = 0
        config.database.addresses = [url]
        let node = Node(config: config, logger: Logger(minimumLevel: .error))
        let error = #expect(throws: NodeError.self) { try node.start() }
        #expect(error?.message.contains("shoal migrate up --database.address") == true)
    }

    @Test func busyPortIsAStartError() throws {
        let first = try TestNode()
        let error = #expect(throws: NodeError.self) {
            _ = try TestNode(sharingDatabaseWith: first) { $0.socket.port = first.port }
        }
        #expect(error?.message.contains("cannot listen") == true)
        first.stop()
    }

    @Test func stopAnswersInFlightRequestsAndClosesThePort() throws {
        let node = try TestNode()
        let client = node.client()
        #expect(try client.request("GET", "/healthcheck").status == 200)
        node.stop()
        #expect(client.isClosedByServer())
        #expect(throws: (any Error).self) { try HTTPTestClient(port: node.port).connect() }
    }
}
