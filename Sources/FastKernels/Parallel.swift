import Dispatch

/// Splits `0..<count` into at most `threads` contiguous chunks run concurrently. The chunks are
/// disjoint: `body` may write the outputs of its own chunk through shared pointers.
func parallelChunks(_ count: Int, threads: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
    let chunks = max(1, min(threads, count / max(1, minimumChunk)))
    guard chunks > 1 else {
        if count > 0 { body(0..<count) }
        return
    }
    withoutActuallyEscaping(body) { escaping in
        let chunk = DisjointChunk(run: escaping)
        DispatchQueue.concurrentPerform(iterations: chunks) { i in
            let start = count * i / chunks, end = count * (i + 1) / chunks
            if start < end { chunk.run(start..<end) }
        }
    }
}

/// A chunk body shared by the worker threads; safe because each call touches its own range.
private struct DisjointChunk: @unchecked Sendable {
    let run: (Range<Int>) -> Void
}
