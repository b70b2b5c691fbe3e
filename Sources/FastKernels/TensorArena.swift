import Foundation

/// Buffers of finished intermediate tensors, kept for later kernel outputs of the same byte
/// size (convolutional networks repeat their tensor sizes), so fewer fresh pages are faulted in
/// and no buffer is zero-filled only to be overwritten. Idle buffers are capped
/// at four times the largest one asked for, so memory stays near the live tensors' size.
///
/// A recycled buffer may still be shared (a reshape's output views its input's bytes): `Data`
/// copies on write, so a kernel writing it never changes another tensor. Used by one run at a
/// time.
public final class TensorArena: @unchecked Sendable {
    /// Idle buffers by byte count.
    private var idle: [Int: [Data]] = [:]
    private var idleBytes = 0
    private var largestRequest = 0

    public init() {}

    /// A buffer of `bytes` bytes with arbitrary contents: an idle one of that size, else a fresh one.
    func take(_ bytes: Int) -> Data {
        largestRequest = max(largestRequest, bytes)
        if var buffers = idle[bytes], let buffer = buffers.popLast() {
            idle[bytes] = buffers.isEmpty ? nil : buffers
            idleBytes -= bytes
            return buffer
        }
        return TensorArena.uninitialized(bytes)
    }

    /// Hands back the bytes of a tensor no node reads any more (dropped when the idle buffers
    /// are at their cap).
    public func recycle(_ data: Data) {
        let bytes = data.count
        guard bytes >= 4096, idleBytes + bytes <= 4 * largestRequest else { return }
        idle[bytes, default: []].append(data)
        idleBytes += bytes
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
