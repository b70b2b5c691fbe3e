import ArgumentParser
import LiteIR

/// `--max-memory`: the most one tensor may take, read from a file or computed by a run.
struct MemoryOption: ParsableArguments {
    @Option(help: ArgumentHelp("The most bytes one tensor may take, declared by a file or computed by a run, e.g. 512M or 4G (default: half the machine's memory); larger ones are refused.",
                               valueName: "size")) var maxMemory: String?

    func validate() throws {
        if let maxMemory, Self.bytes(maxMemory) == nil { throw ValidationError("--max-memory takes a size such as 1073741824, 512M or 4G") }
    }

    /// Sets the budget for this process.
    func apply() {
        if let bytes = maxMemory.flatMap(Self.bytes) { MemoryBudget.setTensorBytes(bytes) }
    }

    /// Bytes of "N", "NK", "NM", "NG" (powers of 1024).
    static func bytes(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        let unit = text.last.flatMap { units[Character($0.uppercased())] }
        guard let number = Int(unit == nil ? text : String(text.dropLast())), number > 0 else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: unit ?? 1)
        return overflow ? nil : bytes
    }
}
