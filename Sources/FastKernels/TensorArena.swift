import Foundation

/// Where the fast kernels' output buffers come from: a memory plan made from the first run of a
/// graph, then one block reused by every later run.
///
/// The first run (recording) gives each output a fresh buffer and notes when each one is first
/// written and last touched: the node that last reads it, or that makes or drops a view of it (a
/// reshape's output shares its input's bytes). From those lifetimes the plan places every buffer
/// at an offset in one block, buffers alive at the same time never overlapping; later runs take
/// their outputs from the block, in the same order, without a page fault or an allocation. Peak
/// memory is then the largest set of buffers alive at once, not their sum. A run that asks for
/// a buffer of another size (other input shapes) takes fresh buffers from there on, and the
/// next run records a new plan. Graph outputs are copied out of the block by the interpreter
/// (``holds(_:)``). Used by one run at a time.
public final class TensorArena: @unchecked Sendable {
    /// One output buffer of the recording run.
    private struct Buffer {
        var bytes: Int, address: Int
        /// Node indices of its first write and its last use.
        var first: Int, last: Int
    }

    private struct Plan {
        var sizes: [Int], offsets: [Int], bytes: Int
    }

    private enum Mode { case recording, planned, unplanned }

    private var mode = Mode.recording
    private var recorded: [Buffer] = []
    private var plan: Plan?
    private var block: UnsafeMutableRawPointer?
    private var blockBytes = 0
    private var taken = 0
    private var node = 0

    public init() {}

    deinit {
        if let block { munmap(block, blockBytes) }
    }

    /// Starts a run: planned when a plan exists, else recording.
    public func beginRun() {
        mode = plan == nil ? .recording : .planned
        recorded.removeAll(keepingCapacity: true)
        taken = 0
        node = 0
    }

    /// The node about to run (its index in the graph).
    public func enter(node index: Int) { node = index }

    /// A buffer of `bytes` bytes with arbitrary contents, which the kernel overwrites in full.
    func take(_ bytes: Int) -> Data {
        guard bytes > 0 else { return Data() }
        defer { taken += 1 }
        if mode == .planned, let plan, let block, taken < plan.sizes.count, plan.sizes[taken] == bytes {
            return Data(bytesNoCopy: block + plan.offsets[taken], count: bytes, deallocator: .none)
        }
        if mode == .planned { mode = .unplanned }
        let buffer = TensorArena.uninitialized(bytes)
        if mode == .recording {
            recorded.append(Buffer(bytes: bytes, address: TensorArena.address(of: buffer) ?? 0, first: node, last: node))
        }
        return buffer
    }

    /// A node made a tensor with these bytes (its own buffer, or a view of another's).
    public func produced(_ data: Data) { touch(data) }

    /// The last reader of a tensor with these bytes has run.
    public func released(_ data: Data) { touch(data) }

    /// Ends a run; `outputs` are the graph outputs' bytes, kept past the run. A recording run
    /// makes the plan; a run that left its plan drops it.
    public func finishRun(outputs: [Data]) {
        switch mode {
        case .recording:
            for output in outputs { touch(output, until: .max) }
            plan = TensorArena.place(recorded)
            reserve(plan?.bytes ?? 0)
        case .unplanned:
            plan = nil
        case .planned:
            break
        }
    }

    /// Whether `data` lies in the planned block (and so must be copied to outlive the run).
    public func holds(_ data: Data) -> Bool {
        guard let block, let address = TensorArena.address(of: data) else { return false }
        let start = Int(bitPattern: block)
        return address >= start && address < start + blockBytes
    }

    /// Extends the lifetime of the recorded buffer `data` lies in (the latest one holding that
    /// address: an earlier buffer at the same address was freed before it was reused).
    private func touch(_ data: Data, until last: Int? = nil) {
        guard mode == .recording, let address = TensorArena.address(of: data) else { return }
        guard let index = recorded.lastIndex(where: { address >= $0.address && address < $0.address + $0.bytes }) else { return }
        recorded[index].last = max(recorded[index].last, last ?? node)
    }

    /// Offsets for the buffers, largest first, each at the lowest 64-byte-aligned offset that
    /// overlaps no placed buffer alive at the same time.
    private static func place(_ buffers: [Buffer]) -> Plan {
        var offsets = [Int](repeating: 0, count: buffers.count)
        var placed: [Int] = []
        var total = 0
        let order = buffers.indices.sorted { (buffers[$0].bytes, buffers[$1].first) > (buffers[$1].bytes, buffers[$0].first) }
        for index in order {
            let buffer = buffers[index]
            let size = (buffer.bytes + 63) & ~63
            let overlapping = placed.filter { buffers[$0].first <= buffer.last && buffer.first <= buffers[$0].last }
                .map { (offsets[$0], offsets[$0] + ((buffers[$0].bytes + 63) & ~63)) }.sorted { $0.0 < $1.0 }
            var offset = 0
            for (start, end) in overlapping {
                if offset + size <= start { break }
                offset = max(offset, end)
            }
            offsets[index] = offset
            placed.append(index)
            total = max(total, offset + size)
        }
        return Plan(sizes: buffers.map(\.bytes), offsets: offsets, bytes: total)
    }

    /// Maps the block the plan needs (pages are faulted in once, by the first planned run).
    private func reserve(_ bytes: Int) {
        guard bytes > blockBytes else { return }
        if let block { munmap(block, blockBytes) }
        block = nil
        blockBytes = 0
        guard let memory = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), memory != MAP_FAILED else {
            plan = nil
            return
        }
        block = memory
        blockBytes = bytes
    }

    private static func address(of data: Data) -> Int? {
        data.withUnsafeBytes { $0.baseAddress.map { Int(bitPattern: $0) } }
    }

    /// Memory the kernels overwrite in full: large buffers mapped straight from the system (page
    /// aligned, given back the moment they are dropped, so the heap does not fragment), small
    /// ones from the heap.
    static func uninitialized(_ bytes: Int) -> Data {
        guard bytes >= 1 << 16 else { return Data(count: bytes) }
        guard let memory = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              memory != MAP_FAILED else { return Data(count: bytes) }
        return Data(bytesNoCopy: memory, count: bytes, deallocator: .custom { pointer, count in _ = munmap(pointer, count) })
    }
}
