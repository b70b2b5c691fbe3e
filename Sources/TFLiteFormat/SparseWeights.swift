import LiteIR

/// When the writer stores constant weights sparse (``SparseEncoding``).
public enum SparseWeightPolicy: String, Sendable, CaseIterable {
    /// Each weight whose sparse form makes the file smaller by a tenth of the tensor and 256 bytes at least.
    case auto
    /// Every weight with a zero block, smaller or not.
    case always
    /// None.
    case never
}

/// One weight the writer stored sparse.
public struct SparseWeight: Sendable, Encodable {
    public var tensor: String
    /// How the kernel reads it: "FULLY_CONNECTED 1x4" (the kernel's own sparse path), or "DENSIFY"
    /// (made dense once, at load).
    public var form: String
    public var denseBytes: Int
    public var sparseBytes: Int
    /// The share of its elements (blocks) stored.
    public var density: Double
}

/// Chooses and applies the sparse storage of the written operators' constant weights, where
/// every TFLite kernel set (XNNPACK, optimized, reference) reads them as the dense weights:
/// - FULLY_CONNECTED's own sparse kernels (version 8): float32 weights with float input, single
///   elements or 1×4 blocks; int8 weights of a full-integer FULLY_CONNECTED in 1×16 blocks.
///   XNNPACK leaves such an operator to the builtin kernels.
/// - DENSIFY (made dense once, at Prepare) for float32 and float16 weights of convolutions,
///   FULLY_CONNECTED and BATCH_MATMUL, float16 weights behind their DEQUANTIZE, and int8 weights
///   of full-integer convolutions; XNNPACK reads the densified weights as static ones. Single
///   elements only: other forms misread there.
/// The int8 weights of hybrid kernels (float input) stay dense: XNNPACK fails to prepare them
/// behind DENSIFY and miscomputes its per-channel hybrid sparse FULLY_CONNECTED; so do int8
/// FULLY_CONNECTED weights behind DENSIFY (XNNPACK fails to allocate them).
enum SparseWeights {
    /// Rewrites the operators and graph; returns what it chose and the encodings, by the name of
    /// the tensor that holds each.
    static func apply(_ policy: SparseWeightPolicy, operators: inout [TFLiteOperator], graph: inout Graph)
        -> (weights: [SparseWeight], encodings: [String: SparseEncoding]) {
        guard policy != .never else { return ([], [:]) }
        var readers: [String: [(op: Int, input: Int)]] = [:]
        for (i, op) in operators.enumerated() {
            for (j, name) in op.inputs.enumerated() where graph.constants[name] != nil { readers[name, default: []].append((i, j)) }
        }
        var chosen: [SparseWeight] = []
        var encodings: [String: SparseEncoding] = [:]
        var densifies: [TFLiteOperator] = []
        for name in readers.keys.sorted() {
            let constant = graph.constants[name]!, uses = readers[name]!
            guard constant.shape.count >= 2, !graph.outputs.contains(name),
                  let (form, encoding) = bestForm(constant, uses.map { (operators[$0.op], $0.input) }, graph) else { continue }
            let denseBytes = constant.data.count
            let fileBytes = encoding.bytes + (form == .densify ? 200 : 0)  // DENSIFY: one more tensor, its name and an operator
            let worthIt = policy == .always ? encoding.density < 1 : denseBytes - fileBytes >= max(256, denseBytes / 10)
            guard worthIt else { continue }
            switch form {
            case .native(let label):
                for use in uses { operators[use.op].version = max(operators[use.op].version, 8) }
                encodings[name] = encoding
                chosen.append(SparseWeight(tensor: name, form: label, denseBytes: denseBytes, sparseBytes: fileBytes, density: encoding.density))
            case .densify:
                let sparse = graph.addConstant("\(name)/sparse", constant)
                graph.types[sparse] = graph.types[name]
                graph.constants[name] = nil
                encodings[sparse] = encoding
                densifies.append(TFLiteOperator(op: .densify, inputs: [sparse], outputs: [name]))
                chosen.append(SparseWeight(tensor: name, form: "DENSIFY", denseBytes: denseBytes, sparseBytes: fileBytes, density: encoding.density))
            }
        }
        operators = densifies + operators
        return (chosen, encodings)
    }

    private enum Form: Equatable {
        case native(String)
        case densify
    }

    /// The smallest form every reader of the constant takes, nil when none does.
    private static func bestForm(_ constant: Tensor, _ uses: [(op: TFLiteOperator, input: Int)], _ graph: Graph) -> (Form, SparseEncoding)? {
        func inputType(_ op: TFLiteOperator) -> DType? { graph.types[op.inputs[0]]?.dtype }
        let fullyConnectedWeights = uses.allSatisfy { $0.op.op == .fullyConnected && $0.input == 1 }
        switch constant.dtype {
        case .float32 where fullyConnectedWeights && uses.allSatisfy({ inputType($0.op) == .float32 }):
            let forms = [1, 4].compactMap { block in SparseEncoding(constant, block: block).map { (Form.native("FULLY_CONNECTED \(block == 1 ? "random" : "1x4")"), $0) } }
            return forms.min { $0.1.bytes < $1.1.bytes }
        case .int8 where fullyConnectedWeights && uses.allSatisfy({ inputType($0.op) == .int8 }):
            return SparseEncoding(constant, block: 16).map { (.native("FULLY_CONNECTED 1x16"), $0) }
        case .int8 where uses.allSatisfy({ [.conv2D, .depthwiseConv2D].contains($0.op.op) && $0.input == 1 && inputType($0.op) == .int8 }):
            return SparseEncoding(constant, block: 1).map { (.densify, $0) }
        case .float32, .float16:
            let weights: Set<BuiltinOperator> = [.conv2D, .depthwiseConv2D, .transposeConv, .fullyConnected, .batchMatmul]
            let densifiable = uses.allSatisfy { use in
                use.op.op == .dequantize ? constant.dtype == .float16 : weights.contains(use.op.op) && (use.op.op == .batchMatmul || use.input == 1)
            }
            return densifiable ? SparseEncoding(constant, block: 1).map { (.densify, $0) } : nil
        default:
            return nil
        }
    }
}
