import LiteIR

/// What shape inference sees of one node: its attributes, input types and constant inputs.
public struct InferenceContext: Sendable {
    public let node: Node
    /// Static types of the inputs; nil for an omitted optional input.
    public let inputTypes: [TensorType?]
    /// Values of the inputs that are constants; nil where unknown or omitted.
    public let constantInputs: [Tensor?]
    /// What is known of the elements of small integer inputs computed from shapes.
    public let shapeValues: [[Dim]?]

    public init(node: Node, inputTypes: [TensorType?], constantInputs: [Tensor?], shapeValues: [[Dim]?] = []) {
        self.node = node
        self.inputTypes = inputTypes
        self.constantInputs = constantInputs
        self.shapeValues = shapeValues
    }

    /// The elements of a small (rank ≤ 1) integer input, each fixed or symbolic: a constant's
    /// values, or what shape inference knows of a value computed from shapes.
    public func shapeValue(_ i: Int) -> [Dim]? {
        if let tensor = constant(i) {
            guard tensor.rank <= 1, !tensor.dtype.isFloatingPoint, tensor.dtype != .bool else { return nil }
            return tensor.ints().map { .fixed($0) }
        }
        return i < shapeValues.count ? shapeValues[i] : nil
    }

    /// The type of a required input; throws naming the node when it is missing.
    public func input(_ i: Int) throws -> TensorType {
        guard i < inputTypes.count, let t = inputTypes[i] else {
            throw node.error("missing required input #\(i)")
        }
        return t
    }

    /// The value of an input that must be a constant (e.g. a shape), or nil when it is omitted.
    public func constant(_ i: Int) -> Tensor? {
        i < constantInputs.count ? constantInputs[i] : nil
    }

    public func hasInput(_ i: Int) -> Bool { i < inputTypes.count && inputTypes[i] != nil }
}

/// One IR operator: how its output types follow from its inputs (validation happens here, once)
/// and its reference kernel (which trusts what inference checked).
public struct OpSpec: Sendable {
    public let name: String
    /// Output types; throws a ``GraphError`` naming the node when the parameters are invalid.
    public let infer: @Sendable (InferenceContext) throws -> [TensorType]
    /// The reference kernel: concrete inputs (nil for omitted optionals) to outputs.
    public let evaluate: @Sendable (Node, [Tensor?]) throws -> [Tensor]
    /// For ops whose result follows from static types alone (e.g. `Shape`): the outputs, or nil
    /// when the types are not static enough.
    public let evaluateFromTypes: (@Sendable (InferenceContext) throws -> [Tensor]?)?
    /// What the op is, where its axes are and how its channels flow (see ``OpTraits``).
    public let traits: OpTraits
    /// For a float op of one input applied element by element: its function of one element,
    /// made from the node's attributes — what the reference kernel maps over the tensor, for
    /// other kernels to apply the same way.
    public let elementFunction: (@Sendable (Node) throws -> @Sendable (Float) -> Float)?
    /// Whether each output element depends only on the same element of the (numpy-broadcast)
    /// inputs, so the op commutes with any transpose or reshape applied to all its inputs alike.
    public var isElementwise: Bool { traits.category == .elementwise }

    public init(_ name: String,
                _ traits: OpTraits = .other,
                infer: @escaping @Sendable (InferenceContext) throws -> [TensorType],
                evaluate: @escaping @Sendable (Node, [Tensor?]) throws -> [Tensor],
                evaluateFromTypes: (@Sendable (InferenceContext) throws -> [Tensor]?)? = nil,
                elementFunction: (@Sendable (Node) throws -> @Sendable (Float) -> Float)? = nil) {
        self.name = name
        self.elementFunction = elementFunction
        self.traits = traits
        self.infer = infer
        self.evaluate = evaluate
        self.evaluateFromTypes = evaluateFromTypes
    }
}

extension Array where Element == Tensor? {
    /// The tensor at `i`; throws naming the node when it is missing.
    func required(_ i: Int, _ node: Node) throws -> Tensor {
        guard i < count, let t = self[i] else { throw node.error("missing required input #\(i)") }
        return t
    }
}
