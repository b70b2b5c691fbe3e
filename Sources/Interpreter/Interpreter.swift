import Foundation
import LiteIR
import LiteOps
import FastKernels

/// Errors while running a graph: bad inputs, or a kernel's own failure, naming the value or node.
public struct InterpreterError: Error, CustomStringConvertible {
    public let description: String
}

/// Which kernels run the nodes.
public enum Engine: String, Sendable, CaseIterable {
    /// Fast kernels where a node has one, the reference kernel elsewhere.
    case fast
    /// The reference kernels of LiteOps only: the readable specification and the oracle.
    case reference
}

/// Runs any IR graph. Shapes are taken from the actual inputs, so a graph with a symbolic batch
/// dim runs at any batch size.
public struct Interpreter: Sendable {
    public let graph: Graph
    /// The engine that runs: the one asked for, except that a CPU the fast kernels were not
    /// compiled for (``CPUFeatures/runsFastKernels``) runs the reference kernels.
    public let engine: Engine
    /// Threads the fast kernels split work over.
    public let threads: Int
    /// Slots and lifetimes, worked out once.
    private let plan: ExecutionPlan
    /// Each node's kernel, looked up once.
    private let kernels: [@Sendable ([Tensor?], KernelContext?) throws -> [Tensor]]
    /// Intermediate buffers kept from one run for the next.
    private let arenas = ArenaShelf()

    /// Validates the graph once (type inference); throws the first invalid node.
    public init(graph: Graph, engine: Engine = .fast, threads: Int = Interpreter.defaultThreads) throws {
        var validated = graph
        try TypeInference.run(&validated)
        self.graph = validated
        do {
            plan = try ExecutionPlan(validated)
        } catch let error as GraphError {
            throw InterpreterError(description: error.description)
        }
        let engine = CPUFeatures.runsFastKernels ? engine : .reference
        self.engine = engine
        self.threads = max(1, threads)
        kernels = try validated.nodes.map { node in
            do {
                let operands = validated.inferenceContext(for: node)
                if engine == .fast {
                    let kernel = try FastKernels.kernel(for: node, in: operands)
                    return { inputs, context in try kernel(inputs, context ?? KernelContext(threads: 1)) }
                }
                let kernel = try OpRegistry.kernel(for: node, in: operands)
                return { inputs, _ in try kernel(inputs) }
            } catch let error as GraphError {
                throw InterpreterError(description: error.description)
            }
        }
    }

    /// All cores.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs the graph on named inputs and returns every graph output by name; `observe`, when
    /// given, is told each node's wall time.
    public func run(_ inputs: [String: Tensor], observe: ((Node, Duration) -> Void)? = nil) throws -> [String: Tensor] {
        var slots = plan.initialSlots
        for (name, slot) in plan.inputSlots {
            guard let tensor = inputs[name] else { throw InterpreterError(description: "missing input '\(name)'") }
            try check(tensor, against: graph.types[name], name: name)
            slots[slot] = tensor
        }
        let arena = engine == .fast ? arenas.take() : nil
        defer { if let arena { arenas.put(arena) } }
        arena?.beginRun()
        let context = arena.map { KernelContext(threads: threads, arena: $0) }
        for (index, step) in plan.steps.enumerated() where !step.precomputed {
            arena?.enter(node: index)
            let args = step.inputs.map { $0.flatMap { slots[$0] } }
            let results: [Tensor]
            let start = observe == nil ? nil : ContinuousClock.now
            do {
                results = try kernels[index](args, context)
            } catch let error as GraphError {
                throw InterpreterError(description: error.description)
            }
            if let observe, let start { observe(graph.nodes[index], ContinuousClock.now - start) }
            for (slot, tensor) in zip(step.outputs, results) {
                guard let slot else { continue }
                slots[slot] = tensor
                arena?.produced(tensor.data)
            }
            for slot in step.releases {
                if let finished = slots[slot] { arena?.released(finished.data) }
                slots[slot] = nil
            }
        }
        var outputs: [String: Tensor] = [:]
        for (name, slot) in plan.outputSlots {
            guard let t = slots[slot] else { throw InterpreterError(description: "output '\(name)' was not computed") }
            outputs[name] = t
        }
        if let arena {
            arena.finishRun(outputs: outputs.values.map(\.data))
            // Outputs in the arena's block would be overwritten by the next run.
            for (name, t) in outputs where arena.holds(t.data) {
                outputs[name] = Tensor(dtype: t.dtype, shape: t.shape, validatedData: t.data.withUnsafeBytes { Data($0) })
            }
        }
        return outputs
    }

    private func check(_ tensor: Tensor, against type: TensorType?, name: String) throws {
        guard let type else { return }
        guard tensor.dtype == type.dtype, tensor.rank == type.rank,
              zip(tensor.shape, type.shape).allSatisfy({ $1.value == nil || $1.value == $0 }) else {
            throw InterpreterError(description: "input '\(name)' is \(tensor.type), the model expects \(type)")
        }
    }
}

/// The arenas of finished runs, one taken by each run, so concurrent runs never share one.
private final class ArenaShelf: @unchecked Sendable {
    private let lock = NSLock()
    private var shelf: [TensorArena] = []

    func take() -> TensorArena { lock.withLock { shelf.popLast() } ?? TensorArena() }
    func put(_ arena: TensorArena) { lock.withLock { shelf.append(arena) } }
}
