import Foundation
import Synchronization

/// Splits `0..<count` into at most `threads` contiguous chunks run concurrently. The chunks are
/// disjoint: `body` may write the outputs of its own chunk through shared pointers.
func parallelChunks(_ count: Int, threads: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
    let chunks = max(1, min(threads, count / max(1, minimumChunk)))
    guard chunks > 1 else {
        if count > 0 { body(0..<count) }
        return
    }
    WorkerPool.shared(workers: chunks - 1).run(chunks) { i in
        let start = count * i / chunks, end = count * (i + 1) / chunks
        if start < end { body(start..<end) }
    }
}

/// Worker threads that stay awake (spinning) for a moment after each job, so the many short
/// parallel sections of one inference — a depthwise layer of a small image takes tens of
/// microseconds — do not each pay a thread wake-up, then sleep until the next job. The calling
/// thread and every worker take part in every job, and the job ends when all of them have left
/// it, so no worker can still be reading a job the caller has replaced. Participant p runs tasks
/// p, p + P, p + 2P, …: a layer's rows then stay with the core that computed them for the
/// previous layer, in its cache. A pool runs one job at a
/// time; a caller that finds it busy (two interpreters at once, a nested section) runs its job on
/// its own thread.
final class WorkerPool: @unchecked Sendable {
    private let workerCount: Int
    /// Bumped for each job; workers compare it with the last job they took part in.
    private let generation = Atomic<Int>(0)
    /// Workers done with the current job.
    private let finishedWorkers = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let sleepers = NSCondition()
    /// The current job, read by workers only after they see its generation.
    nonisolated(unsafe) private var job: (tasks: Int, body: (Int) -> Void) = (0, { _ in })

    /// How long a worker spins for the next job before it sleeps.
    private static let spinTime: Duration = .microseconds(200)

    private init(workers: Int) {
        workerCount = workers
        for worker in 1...workers {
            let thread = Thread { [unowned self] in self.work(participant: worker) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private static let pools = Mutex<[Int: WorkerPool]>([:])

    /// The process's pool with `workers` threads besides the caller (made at first use, kept).
    static func shared(workers: Int) -> WorkerPool {
        pools.withLock { pools in
            if let pool = pools[workers] { return pool }
            let pool = WorkerPool(workers: workers)
            pools[workers] = pool
            return pool
        }
    }

    /// Runs `body(0) … body(tasks - 1)` over the workers and the calling thread; returns when
    /// all have finished.
    func run(_ tasks: Int, _ body: (Int) -> Void) {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for task in 0..<tasks { body(task) }
            return
        }
        withoutActuallyEscaping(body) { body in
            job = (tasks, body)
            finishedWorkers.store(0, ordering: .relaxed)
            sleepers.lock()
            generation.add(1, ordering: .releasing)
            sleepers.broadcast()
            sleepers.unlock()
            takeTasks(participant: 0)
            while finishedWorkers.load(ordering: .acquiring) < workerCount { spinPause() }
            job = (0, { _ in })
        }
        busy.store(false, ordering: .releasing)
    }

    /// Runs this participant's tasks of the current job; its copy of the job ends with it.
    private func takeTasks(participant: Int) {
        let (tasks, body) = job
        for task in stride(from: participant, to: tasks, by: workerCount + 1) { body(task) }
    }

    private func work(participant: Int) {
        var seen = 0
        while true {
            let clock = ContinuousClock()
            let deadline = clock.now + WorkerPool.spinTime
            var current = generation.load(ordering: .acquiring)
            while current == seen && clock.now < deadline {
                spinPause()
                current = generation.load(ordering: .acquiring)
            }
            if current == seen {
                sleepers.lock()
                while generation.load(ordering: .acquiring) == seen { sleepers.wait() }
                sleepers.unlock()
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            takeTasks(participant: participant)
            finishedWorkers.add(1, ordering: .releasing)
        }
    }

    @inline(__always) private func spinPause() {
        #if arch(x86_64)
        for _ in 0..<16 { _ = generation.load(ordering: .relaxed) }
        #endif
    }
}
