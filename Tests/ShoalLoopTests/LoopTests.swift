import Foundation
import ShoalLoop
import Testing

@Suite struct LoopTests {
    @Test func executeFromManyThreadsKeepsOrderPerThread() async throws {
        let threads = 4
        let perThread = 10_000
        // A small queue limit makes producers block and resume, which must not lose or reorder work.
        let sequences = try await runOnLoop(executeQueueLimit: 64) { (loop, finish: @escaping ([[Int]]) -> Void) in
            let received = LoopState(Array(repeating: [Int](), count: threads))
            let total = LoopState(0)
            let onLoopThread = LoopState(true)
            let done = LoopState(finish)
            for thread in 0..<threads {
                Thread {
                    for sequence in 0..<perThread {
                        loop.execute {
                            if !loop.inLoopThread { onLoopThread.value = false }
                            received.value[thread].append(sequence)
                            total.value += 1
                            if total.value == threads * perThread {
                                #expect(onLoopThread.value)
                                done.value(received.value)
                            }
                        }
                    }
                }.start()
            }
        }
        let result = try #require(sequences)
        #expect(result.count == threads)
        for sequence in result { #expect(sequence == Array(0..<perThread)) }
    }

    @Test func inLoopThreadIsFalseElsewhere() async throws {
        let loop = try Loop()
        #expect(loop.inLoopThread)
        let seenFromLoop = LoopState(false)
        loop.execute {
            seenFromLoop.value = loop.inLoopThread
            loop.stop()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                loop.run()
                continuation.resume()
            }.start()
        }
        #expect(seenFromLoop.value)
        #expect(!loop.inLoopThread)
    }

    @Test func twoLoopsRunSideBySide() async throws {
        async let first = runOnLoop { (loop, finish: @escaping (Int) -> Void) in
            let timer = ShoalLoop.Timer(loop: loop)
            timer.start(afterMilliseconds: 5) { finish(1) }
        }
        async let second = runOnLoop { (loop, finish: @escaping (Int) -> Void) in
            let timer = ShoalLoop.Timer(loop: loop)
            timer.start(afterMilliseconds: 5) { finish(2) }
        }
        let results = try await [first, second]
        #expect(results == [1, 2])
    }

    @Test func signalWatcherDeliversOnLoopThread() async throws {
        let delivered = try await runOnLoop { (loop, finish: @escaping (Bool) -> Void) in
            let watcher = try SignalWatcher(loop: loop, signal: SIGUSR1) {
                finish(loop.inLoopThread)
            }
            _ = watcher
            // Process-directed: the test runner's threads may block signals, so `raise` could stay pending.
            kill(getpid(), SIGUSR1)
        }
        #expect(delivered == true)
    }

    @Test func stopClosesOpenHandles() async throws {
        let closes = LoopState([String]())
        let finished = try await runOnLoop { (loop, finish: @escaping (Bool) -> Void) in
            let listener = try TCPListener.listen(on: loop, host: "127.0.0.1", port: 0) { connection in
                connection.onClose = { closes.value.append("server") }
                finish(true)
            }
            let repeating = ShoalLoop.Timer(loop: loop)
            repeating.start(afterMilliseconds: 1, repeatMilliseconds: 1) {}
            TCPClient.connect(on: loop, host: "127.0.0.1", port: listener.port) { result in
                guard case .success(let client) = result else { Issue.record("connect failed"); return }
                client.onClose = { closes.value.append("client") }
            }
        }
        #expect(finished == true)
        #expect(closes.value.sorted() == ["client", "server"])
    }

    @Test func workQueuedBeforeStopStillRuns() async throws {
        let ran = LoopState([Int]())
        let finished = try await runOnLoop { (loop, finish: @escaping (Bool) -> Void) in
            loop.execute { ran.value.append(1) }
            loop.execute { ran.value.append(2) }
            finish(true)
            loop.execute { ran.value.append(3) }
        }
        #expect(finished == true)
        #expect(ran.value == [1, 2])
    }

    @Test func executeLaterRunsAfterTheCurrentCallbackInOrder() async throws {
        let order = try await runOnLoop { (loop, finish: @escaping ([String]) -> Void) in
            var order: [String] = []
            let timer = ShoalLoop.Timer(loop: loop)
            timer.start(afterMilliseconds: 1) {
                loop.executeLater { order.append("first later") }
                loop.executeLater {
                    order.append("second later")
                    loop.executeLater { finish(order + ["queued by a later job"]) }
                }
                order.append("callback end")
            }
        }
        #expect(order == ["callback end", "first later", "second later", "queued by a later job"])
    }
}
