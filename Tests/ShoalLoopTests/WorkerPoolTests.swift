import Foundation
import ShoalLoop
import Synchronization
import Testing

/// A per-thread resource standing in for a database connection.
private final class WorkerContext {
    let index: Int
    let thread: pthread_t
    var jobsRun = 0
    init(index: Int) {
        self.index = index
        thread = pthread_self()
    }
}

@Suite struct WorkerPoolTests {
    @Test func everyJobRunsOnceWithItsThreadsContext() {
        let created = Mutex<[Int]>([])
        let runs = Mutex<[Int: Int]>([:])
        let wrongThread = Mutex(0)
        let perContext = Mutex<[Int: Int]>([:])
        let pool = WorkerPool<WorkerContext>(name: "test-pool", threads: 3, queueLimit: 10_000) { index in
            created.withLock { $0.append(index) }
            return WorkerContext(index: index)
        }
        let jobs = 3_000
        for job in 0..<jobs {
            let queued = pool.submit { context in
                if pthread_equal(context.thread, pthread_self()) == 0 { wrongThread.withLock { $0 += 1 } }
                context.jobsRun += 1
                let count = context.jobsRun
                perContext.withLock { $0[context.index] = count }
                runs.withLock { $0[job, default: 0] += 1 }
            }
            #expect(queued)
        }
        pool.shutdown()
        #expect(created.withLock { $0.sorted() } == [0, 1, 2])
        #expect(wrongThread.withLock { $0 } == 0)
        let counts = runs.withLock { $0 }
        #expect(counts.count == jobs)
        #expect(counts.values.allSatisfy { $0 == 1 })
        #expect(perContext.withLock { $0.values.reduce(0, +) } == jobs)
        #expect(pool.queuedCount == 0)
    }

    @Test func fullQueueRefusesJobs() {
        let started = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        let ran = Mutex(0)
        let pool = WorkerPool<Void>(name: "test-limit", threads: 1, queueLimit: 2) { _ in () }
        #expect(pool.submit { _ in
            started.signal()
            gate.wait()
            ran.withLock { $0 += 1 }
        })
        started.wait()
        #expect(pool.submit { _ in ran.withLock { $0 += 1 } })
        #expect(pool.submit { _ in ran.withLock { $0 += 1 } })
        #expect(!pool.submit { _ in ran.withLock { $0 += 100 } })
        #expect(pool.queuedCount == 2)
        gate.signal()
        pool.shutdown()
        #expect(ran.withLock { $0 } == 3)
    }

    @Test func shutdownDrainsQueueAndRefusesLaterJobs() {
        let ran = Mutex<[Int]>([])
        let pool = WorkerPool<Void>(name: "test-drain", threads: 1, queueLimit: 1_000) { _ in () }
        for job in 0..<500 {
            #expect(pool.submit { _ in ran.withLock { $0.append(job) } })
        }
        pool.shutdown()
        #expect(ran.withLock { $0 } == Array(0..<500))
        #expect(!pool.submit { _ in })
        pool.shutdown()
    }

    @Test func loopBoundConnectionGetsWorkerResult() async throws {
        let reply = try await runOnLoop { (loop, finish: @escaping (String) -> Void) in
            let pool = WorkerPool<String>(name: "test-bound", threads: 1, queueLimit: 10) { _ in "computed" }
            let listener = try TCPListener.listen(on: loop, host: "127.0.0.1", port: 0) { connection in
                let bound = LoopBound(connection, loop: loop)
                connection.onRead = { request in
                    let text = String(decoding: request, as: UTF8.self)
                    let queued = pool.submit { context in
                        let answer = "\(context) \(text)"
                        loop.execute { bound.value.write(Array(answer.utf8)) }
                    }
                    #expect(queued)
                }
            }
            TCPClient.connect(on: loop, host: "127.0.0.1", port: listener.port) { result in
                guard case .success(let client) = result else { return finish("connect failed") }
                client.onRead = { bytes in
                    pool.shutdown()
                    finish(String(decoding: bytes, as: UTF8.self))
                }
                client.write(Array("answer".utf8))
            }
        }
        #expect(reply == "computed answer")
    }

    @Test func resultsReturnToTheLoop() async throws {
        let sums = try await runOnLoop { (loop, finish: @escaping ([Int]) -> Void) in
            let pool = WorkerPool<Int>(name: "test-hop", threads: 2, queueLimit: 100) { index in index * 1_000 }
            let results = LoopState([Int]())
            let done = LoopState(finish)
            for job in 0..<20 {
                let queued = pool.submit { base in
                    let value = base + job
                    loop.execute {
                        results.value.append(value % 1_000)
                        if results.value.count == 20 {
                            pool.shutdown()
                            done.value(results.value.sorted())
                        }
                    }
                }
                #expect(queued)
            }
        }
        #expect(sums == Array(0..<20))
    }
}
