import LiteIR
import LiteOps

/// What the interpreter works out once per graph: a slot for every value, each node's operand
/// and result slots, and the intermediates each node is the last reader of — freed (their
/// buffers handed to the arena) as soon as it has run, so a run holds only the live tensors.
/// A Dequantize of a constant (a float16 or int8 weight a file keeps in its small form) is
/// computed here once, as TFLite's DEQUANTIZE keeps a constant input's result, not every run.
struct ExecutionPlan: Sendable {
    struct Step: Sendable {
        /// Operand slots; nil for an omitted optional operand.
        var inputs: [Int?]
        /// Result slots; nil for an unused result name.
        var outputs: [Int?]
        /// Intermediates no later node or graph output reads.
        var releases: [Int]
        /// Computed once, its results among the initial slots.
        var precomputed = false
    }

    /// The slots at the start of a run: constants filled in, everything else empty.
    let initialSlots: [Tensor?]
    let inputSlots: [(name: String, slot: Int)]
    let outputSlots: [(name: String, slot: Int)]
    let steps: [Step]

    init(_ graph: Graph) throws {
        var slotOf: [String: Int] = [:]
        var slots: [Tensor?] = []
        func slot(_ name: String) -> Int {
            if let slot = slotOf[name] { return slot }
            slots.append(graph.constants[name])
            slotOf[name] = slots.count - 1
            return slots.count - 1
        }
        inputSlots = graph.inputs.map { ($0, slot($0)) }
        var steps = graph.nodes.map { node in
            Step(inputs: node.inputs.map { $0.isEmpty ? nil : slot($0) }, outputs: node.outputs.map { $0.isEmpty ? nil : slot($0) }, releases: [])
        }
        outputSlots = graph.outputs.map { ($0, slot($0)) }
        for (index, node) in graph.nodes.enumerated() where node.op == "Dequantize" {
            guard let input = steps[index].inputs.first ?? nil, let tensor = slots[input], !outputSlots.contains(where: { $0.slot == steps[index].outputs.first }) else { continue }
            for (output, result) in zip(steps[index].outputs, try OpRegistry.evaluate(node, [tensor])) {
                if let output { slots[output] = result }
            }
            steps[index].precomputed = true
        }
        // Each intermediate is released by the last node that reads it, or, unread, by its producer.
        let kept = Set(inputSlots.map(\.slot) + outputSlots.map(\.slot))
        var lastReader: [Int: Int] = [:]
        for (index, step) in steps.enumerated() {
            for case let output? in step.outputs where !kept.contains(output) { lastReader[output] = index }
            for case let input? in step.inputs where slots[input] == nil && !kept.contains(input) { lastReader[input] = index }
        }
        for (slot, index) in lastReader { steps[index].releases.append(slot) }
        self.steps = steps
        initialSlots = slots
    }
}
