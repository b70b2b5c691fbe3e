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
    /// Whether some output shapes are known only at run time: they are checked against the
    /// memory budget then, before the kernels allocate (``checkedShapes(for:)``).
    private let hasRunTimeShapes: Bool
    /// Per set of input shapes: the nodes whose output shapes still depend on values computed
    /// in the run.
    private let valueDependentShapes = ShapeCheckCache()

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
        hasRunTimeShapes = try !Self.checkBudget(validated).isEmpty
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
        let runTimeShapes = hasRunTimeShapes ? try checkedShapes(for: inputs) : []
        let arena = engine == .fast ? arenas.take() : nil
        defer { if let arena { arenas.put(arena) } }
        arena?.beginRun()
        let context = arena.map { KernelContext(threads: threads, arena: $0) }
        for (index, step) in plan.steps.enumerated() where !step.precomputed {
            arena?.enter(node: index)
            let args = step.inputs.map { $0.flatMap { slots[$0] } }
            if runTimeShapes.contains(index) { try checkBudget(graph.nodes[index], args) }
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

    /// Checks every output whose shape `graph` fixes against the memory budget; returns the
    /// nodes with outputs it does not fix.
    private static func checkBudget(_ graph: Graph) throws -> Set<Int> {
        var open = Set<Int>()
        for (index, node) in graph.nodes.enumerated() {
            for name in node.outputs where !name.isEmpty {
                guard let type = graph.types[name] else { continue }
                guard let shape = type.fixedShape else { open.insert(index); continue }
                try checkBudget(node, name, shape, type.dtype)
            }
        }
        return open
    }

    /// For these inputs' shapes (once per set of shapes): every output shape they fix checked
    /// against the budget; returns the nodes whose shapes depend on values computed in the run.
    private func checkedShapes(for inputs: [String: Tensor]) throws -> Set<Int> {
        let shapes = graph.inputs.map { inputs[$0]?.shape ?? [] }
        if let known = valueDependentShapes[shapes] { return known }
        var specialized = graph
        for (name, shape) in zip(graph.inputs, shapes) { specialized.types[name]?.shape = shape.map { .fixed($0) } }
        do {
            try TypeInference.run(&specialized)
        } catch let error as GraphError {
            throw InterpreterError(description: error.description)
        }
        let open = try Self.checkBudget(specialized)
        valueDependentShapes[shapes] = open
        return open
    }

    /// Refuses an output larger than the memory budget (``MemoryBudget``).
    private static func checkBudget(_ node: Node, _ output: String, _ shape: [Int], _ dtype: DType) throws {
        guard let count = checkedElementCount(shape), MemoryBudget.bytes(elements: count, width: dtype.byteSize) != nil else {
            throw InterpreterError(description: "node '\(node.name)' (\(node.op)): output '\(output)' of shape \(shape) \(dtype) "
                + "would take more than the memory budget of \(MemoryBudget.tensorBytes) bytes (--max-memory)")
        }
    }

    /// The same at run time: the node's output shapes for these inputs, before its kernel runs.
    private func checkBudget(_ node: Node, _ inputs: [Tensor?]) throws {
        // The declared types (with their quantization) at the inputs' actual shapes.
        let types = zip(node.inputs, inputs).map { name, tensor -> TensorType? in
            guard let tensor else { return nil }
            var type = graph.types[name] ?? tensor.type
            type.shape = tensor.shape.map { .fixed($0) }
            return type
        }
        let context = InferenceContext(node: node, inputTypes: types, constantInputs: inputs)
        let outputs: [TensorType]
        do {
            outputs = try OpRegistry.infer(context)
        } catch let error as GraphError {
            throw InterpreterError(description: error.description)
        }
        for (name, type) in zip(node.outputs, outputs) where !name.isEmpty {
            guard let shape = type.fixedShape else { continue }
            try Self.checkBudget(node, name, shape, type.dtype)
        }
    }

    private func check(_ tensor: Tensor, against type: TensorType?, name: String) throws {
        guard let type else { return }
        guard tensor.dtype == type.dtype, tensor.rank == type.rank,
              zip(tensor.shape, type.shape).allSatisfy({ $1.value == nil || $1.value == $0 }) else {
            throw InterpreterError(description: "input '\(name)' is \(tensor.type), the model expects \(type)")
        }
    }
}

/// The value-dependent nodes of each set of input shapes a run has seen.
private final class ShapeCheckCache: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [[[Int]]: Set<Int>] = [:]

    subscript(shapes: [[Int]]) -> Set<Int>? {
        get { lock.withLock { known[shapes] } }
        set { lock.withLock { known[shapes] = newValue } }
    }
}

/// The arenas of finished runs, one taken by each run, so concurrent runs never share one.
private final class ArenaShelf: @unchecked Sendable {
    private let lock = NSLock()
    private var shelf: [TensorArena] = []

    func take() -> TensorArena { lock.withLock { shelf.popLast() } ?? TensorArena() }
    func put(_ arena: TensorArena) { lock.withLock { shelf.append(arena) } }
}
