import ShoalLoop
import Testing

@Suite struct TimerTests {
    @Test func oneShotFiresOnce() async throws {
        let fired = try await runOnLoop { (loop, finish: @escaping (Int) -> Void) in
            var fired = 0
            let timer = ShoalLoop.Timer(loop: loop)
            timer.start(afterMilliseconds: 1) { fired += 1 }
            let later = ShoalLoop.Timer(loop: loop)
            later.start(afterMilliseconds: 40) { finish(fired) }
        }
        #expect(fired == 1)
    }

    @Test func repeatingFiresUntilStopped() async throws {
        let ticks = try await runOnLoop { (loop, finish: @escaping (Int) -> Void) in
            var ticks = 0
            let timer = ShoalLoop.Timer(loop: loop)
            timer.start(afterMilliseconds: 1, repeatMilliseconds: 2) {
                ticks += 1
                guard ticks == 5 else { return }
                timer.stop()
                let later = ShoalLoop.Timer(loop: loop)
                later.start(afterMilliseconds: 30) { finish(ticks) }
            }
        }
        #expect(ticks == 5)
    }

    @Test func stoppedAndClosedTimersNeverFire() async throws {
        let fired = try await runOnLoop { (loop, finish: @escaping (Int) -> Void) in
            var fired = 0
            let stopped = ShoalLoop.Timer(loop: loop)
            stopped.start(afterMilliseconds: 5) { fired += 1 }
            stopped.stop()
            let closed = ShoalLoop.Timer(loop: loop)
            closed.start(afterMilliseconds: 5) { fired += 1 }
            closed.close()
            closed.start(afterMilliseconds: 1) { fired += 1 }
            let later = ShoalLoop.Timer(loop: loop)
            later.start(afterMilliseconds: 40) { finish(fired) }
        }
        #expect(fired == 0)
    }

    @Test func restartReplacesSchedule() async throws {
        let calls = try await runOnLoop { (loop, finish: @escaping ([String]) -> Void) in
            var calls: [String] = []
            let timer = ShoalLoop.Timer(loop: loop)
            timer.start(afterMilliseconds: 5) { calls.append("first") }
            timer.start(afterMilliseconds: 10) {
                calls.append("second")
                finish(calls)
            }
        }
        #expect(calls == ["second"])
    }

    @Test func loopTimeAdvances() async throws {
        let times = try await runOnLoop { (loop, finish: @escaping ([UInt64]) -> Void) in
            let start = loop.now
            let timer = ShoalLoop.Timer(loop: loop)
            timer.start(afterMilliseconds: 20) {
                loop.updateTime()
                finish([start, loop.now])
            }
        }
        let result = try #require(times)
        #expect(result[1] >= result[0] + 20)
    }
}
