import Foundation
import ShoalPostgres
import ShoalTestSupport
import Synchronization
import Testing

@Suite struct PGPoolTests {
    @Test func manyThreadsShareASmallPool() throws {
        let table = TestDatabase.uniqueName("pooled")
        let pool = PGPool(conninfo: try TestDatabase.conninfo(), size: 3)
        try pool.withConnection { try $0.query("CREATE TABLE \(table) (thread int, n int)") }
        defer { _ = try? pool.withConnection { try $0.query("DROP TABLE IF EXISTS \(table)") } }

        let backends = Mutex<Set<Int64>>([])
        let failures = Mutex<[String]>([])
        let threads = 8, rounds = 15
        let group = DispatchGroup()
        for thread in 0..<threads {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                for n in 0..<rounds {
                    do {
                        let pid = try pool.withConnection { connection in
                            try connection.query("INSERT INTO \(table) VALUES ($1, $2)", [.int(Int64(thread)), .int(Int64(n))])
                            return try connection.query("SELECT pg_backend_pid()").rows.first?.int(0)
                        }
                        if let pid { backends.withLock { _ = $0.insert(pid) } }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
            }
        }
        group.wait()

        #expect(failures.withLock { $0 } == [])
        let count = try pool.withConnection { try $0.query("SELECT count(*) FROM \(table)").rows.first?.int(0) }
        #expect(count == Int64(threads * rounds))
        let distinct = backends.withLock { $0.count }
        #expect(distinct >= 1 && distinct <= 3)
    }

    @Test func brokenConnectionIsReconnectedOnCheckout() throws {
        let pool = PGPool(conninfo: try TestDatabase.conninfo(), size: 1)
        let first = try #require(try pool.withConnection { try $0.query("SELECT pg_backend_pid()").rows.first?.int(0) })
        let killer = try TestDatabase.connect()
        try killer.query("SELECT pg_terminate_backend($1::int, 10000)", [.int(first)])
        // The pool notices on the next failed call and on the next checkout.
        let error = try #require(throws: PGError.self) {
            try pool.withConnection { try $0.query("SELECT 1") }
        }
        #expect(error.isConnectionFailure)
        let second = try #require(try pool.withConnection { try $0.query("SELECT pg_backend_pid()").rows.first?.int(0) })
        #expect(second != first)
    }

    @Test func unreachableServerThrowsAndFreesTheSlot() throws {
        let pool = PGPool(conninfo: "host=/nonexistent-shoal-socket-dir port=5999 user=postgres connect_timeout=2", size: 1)
        for _ in 0..<2 {
            #expect(throws: PGError.self) { try pool.withConnection { _ in } }
        }
    }
}
