import Foundation
import Synchronization

/// The most bytes one tensor may take, whether a file declares it or a run computes it: half the
/// machine's memory unless the user sets it (`--max-memory`). Sizes read from files or computed
/// from their numbers are checked against it before anything is allocated.
public enum MemoryBudget {
    /// Half the physical memory.
    public static let defaultTensorBytes = Int(min(ProcessInfo.processInfo.physicalMemory / 2, UInt64(Int.max)))

    private static let limit = Atomic<Int>(defaultTensorBytes)

    /// The current budget.
    public static var tensorBytes: Int { limit.load(ordering: .relaxed) }

    /// Sets the budget (at least one byte).
    public static func setTensorBytes(_ bytes: Int) { limit.store(max(1, bytes), ordering: .relaxed) }

    /// The bytes of `count` elements of `width` bytes, or nil when that overflows or exceeds the budget.
    public static func bytes(elements count: Int, width: Int) -> Int? {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: width)
        return overflow || count < 0 || bytes > tensorBytes ? nil : bytes
    }
}
