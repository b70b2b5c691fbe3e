import AtomicFiles
import FlatBuffers
import Foundation
import LiteIR

/// Lays out a TFLite model: tensors, buffers (16-byte aligned, buffer 0 the empty sentinel),
/// operator codes, one subgraph, a SignatureDef with the original names, and metadata.
struct ModelSerializer {
    let graph: Graph
    let operators: [TFLiteOperator]
    /// Metadata entries besides `min_runtime_version` (custom operators, boundary layouts).
    let metadata: [(name: String, data: Data)]
    /// Constants stored sparse, by tensor name.
    let sparse: [String: SparseEncoding]
    private var tensorIndex: [String: Int32] = [:]
    private var tensorNames: [String] = []

    /// The TFLite runtime version this writer's operators need at least.
    static let minRuntimeVersion = "2.10.0"

    init(graph: Graph, operators: [TFLiteOperator], metadata: [(name: String, data: Data)] = [], sparse: [String: SparseEncoding] = [:]) {
        self.graph = graph
        self.operators = operators
        self.metadata = metadata
        self.sparse = sparse
        for name in graph.inputs { register(name) }
        for op in operators {
            for name in op.inputs where !name.isEmpty { register(name) }
            for name in op.outputs where !name.isEmpty { register(name) }
        }
        for name in graph.outputs { register(name) }
    }

    private mutating func register(_ name: String) {
        if tensorIndex[name] == nil {
            tensorIndex[name] = Int32(tensorNames.count)
            tensorNames.append(name)
        }
    }

    private func index(_ name: String) -> Int32 { name.isEmpty ? -1 : tensorIndex[name] ?? -1 }

    /// Serializes and writes atomically; returns the file size.
    mutating func write(to url: URL) throws -> Int {
        var b = FlatBufferBuilder()
        // Large payloads first: a back-to-front builder puts them at the end of the file,
        // streamed from the tensors' own storage.
        let constantNames = tensorNames.filter { graph.constants[$0] != nil }
        var bufferData: [Offset] = []
        for name in constantNames {
            bufferData.append(try b.createLargeByteVector(sparse[name]?.values ?? graph.constants[name]!.data, alignment: 16))
        }
        let runtimeVersion = Data(Self.minRuntimeVersion.utf8) + Data(count: 16 - Self.minRuntimeVersion.utf8.count)
        let entries = [("min_runtime_version", runtimeVersion)] + metadata
        let entryData = try entries.map { try b.createLargeByteVector($0.1, alignment: 16) }

        // Buffers: 0 = empty sentinel, then one per constant, then the metadata string.
        var buffers: [Offset] = [emptyTable(&b)]
        var bufferIndex: [String: UInt32] = [:]
        for (i, name) in constantNames.enumerated() {
            bufferIndex[name] = UInt32(buffers.count)
            buffers.append(table(&b) { $0.addOffset(field: 0, bufferData[i]) })
        }
        let firstEntryBuffer = UInt32(buffers.count)
        for data in entryData { buffers.append(table(&b) { $0.addOffset(field: 0, data) }) }

        let variables = Set(operators.flatMap { op in op.variableInputs.map { op.inputs[$0] } })
        let tensors = try tensorNames.map { name in try tensor(&b, name, buffer: bufferIndex[name] ?? 0, variable: variables.contains(name)) }
        let (codes, codeIndex) = operatorCodes(&b)
        let ops = try operators.map { op in try operatorTable(&b, op, opcodeIndex: codeIndex[OperatorKey(op)]!) }
        let subgraph = subgraphTable(&b, tensors: tensors, operators: ops)
        let signature = signatureDef(&b)
        var metadataTables: [Offset] = []
        for (i, entry) in entries.enumerated() {
            let nameOffset = b.createString(entry.0)
            metadataTables.append(table(&b) { t in
                t.addOffset(field: 0, nameOffset)
                t.add(field: 1, value: firstEntryBuffer + UInt32(i), default: 0)
            })
        }
        let description = b.createString("LiteConvert")
        let codesVector = b.createVector(ofOffsets: codes)
        let subgraphs = b.createVector(ofOffsets: [subgraph])
        let buffersVector = b.createVector(ofOffsets: buffers)
        let metadataVector = b.createVector(ofOffsets: metadataTables)
        let signatures = b.createVector(ofOffsets: [signature])
        let model = table(&b) { t in
            t.add(field: 0, value: UInt32(3), default: 0)        // version
            t.addOffset(field: 1, codesVector)                   // operator_codes
            t.addOffset(field: 2, subgraphs)                     // subgraphs
            t.addOffset(field: 3, description)                   // description
            t.addOffset(field: 4, buffersVector)                 // buffers
            t.addOffset(field: 6, metadataVector)                // metadata
            t.addOffset(field: 7, signatures)                    // signature_defs
        }
        b.finish(root: model, fileIdentifier: "TFL3")
        try AtomicFile.write(to: url) { try b.write(to: $0) }
        return b.size
    }

    private func emptyTable(_ b: inout FlatBufferBuilder) -> Offset {
        table(&b) { _ in }
    }

    private func table(_ b: inout FlatBufferBuilder, _ fill: (inout FlatBufferBuilder) -> Void) -> Offset {
        b.startTable()
        fill(&b)
        return b.endTable()
    }

    private func tensor(_ b: inout FlatBufferBuilder, _ name: String, buffer: UInt32, variable: Bool) throws -> Offset {
        let type = try graph.type(of: name)
        let dims = try type.shape.map { dim in
            guard let value = Int32(exactly: dim.value ?? 1) else { throw GraphError.invalidGraph(reason: "tensor '\(name)': dim \(dim) does not fit TFLite's int32 dims") }
            return value
        }
        let shape = b.createVector(ofScalars: dims)
        let dynamic = type.shape.contains { $0.value == nil }
        let signature = dynamic ? b.createVector(ofScalars: zip(type.shape, dims).map { $0.value == nil ? -1 : $1 }) : nil
        let nameOffset = b.createString(name)
        let quantization = type.quantization.map { quantizationTable(&b, $0) }
        let sparsity = sparse[name]?.table(&b)
        return table(&b) { t in
            t.addOffset(field: 0, shape)
            t.add(field: 1, value: TFLiteTensorType.code(type.dtype), default: 0)
            t.add(field: 2, value: buffer, default: 0)
            t.addOffset(field: 3, nameOffset)
            if let quantization { t.addOffset(field: 4, quantization) }
            t.add(field: 5, value: variable, default: false)  // is_variable
            if let sparsity { t.addOffset(field: 6, sparsity) }
            if let signature { t.addOffset(field: 7, signature) }
        }
    }

    /// A tensor's QuantizationParameters: scales, zero points and the quantized dimension.
    private func quantizationTable(_ b: inout FlatBufferBuilder, _ quantization: Quantization) -> Offset {
        let fields = TFLiteSchema.QuantizationParameters.self
        let scales = b.createVector(ofScalars: quantization.scales)
        let zeroPoints = b.createVector(ofScalars: quantization.zeroPoints)
        return table(&b) { t in
            t.addOffset(field: fields.scale.index, scales)
            t.addOffset(field: fields.zeroPoint.index, zeroPoints)
            if let axis = quantization.axis { t.add(field: fields.quantizedDimension.index, value: Int32(axis), default: 0) }
        }
    }

    private struct OperatorKey: Hashable {
        let code: Int32
        let version: Int32
        let customCode: String?
        init(_ op: TFLiteOperator) { (code, version, customCode) = (op.op.code, op.version, op.customCode) }
    }

    private func operatorCodes(_ b: inout FlatBufferBuilder) -> ([Offset], [OperatorKey: UInt32]) {
        var keys: [OperatorKey] = []
        var index: [OperatorKey: UInt32] = [:]
        for op in operators where index[OperatorKey(op)] == nil {
            index[OperatorKey(op)] = UInt32(keys.count)
            keys.append(OperatorKey(op))
        }
        let offsets = keys.map { key in
            let customCode = key.customCode.map { b.createString($0) }
            return table(&b) { t in
                t.add(field: 0, value: Int8(min(key.code, 127)), default: 0)  // deprecated_builtin_code
                if let customCode { t.addOffset(field: 1, customCode) }       // custom_code
                t.add(field: 2, value: key.version, default: 1)
                t.add(field: 3, value: key.code, default: 0)                   // builtin_code
            }
        }
        return (offsets, index)
    }

    private func operatorTable(_ b: inout FlatBufferBuilder, _ op: TFLiteOperator, opcodeIndex: UInt32) throws -> Offset {
        let inputs = b.createVector(ofScalars: op.inputs.map(index))
        let outputs = b.createVector(ofScalars: op.outputs.map(index))
        let options = try op.options.map { try optionsTable(&b, $0, of: op) }
        return table(&b) { t in
            t.add(field: 0, value: opcodeIndex, default: 0)
            t.addOffset(field: 1, inputs)
            t.addOffset(field: 2, outputs)
            if let options, let type = op.options?.type {
                t.add(field: 3, value: type.rawValue, default: 0)  // builtin_options_type
                t.addOffset(field: 4, options)                     // builtin_options
            }
        }
    }

    private func optionsTable(_ b: inout FlatBufferBuilder, _ options: BuiltinOptionsValue, of op: TFLiteOperator) throws -> Offset {
        var vectors: [Int: Offset] = [:]
        for (field, value) in options.values {
            if case .int32Vector(let v) = value { vectors[field.index] = b.createVector(ofScalars: v) }
            // Integer options are int32 (or int8) in the schema: a larger value has no file.
            if case .number(let v) = value, field.kind == .int32 || field.kind == .int8,
               field.kind == .int32 ? Int32(exactly: v) == nil : Int8(exactly: v) == nil {
                throw GraphError.invalidGraph(reason: "\(op.op) producing '\(op.outputs.first ?? "")': option \(field.name) = \(v) does not fit the schema's \(field.kind)")
            }
        }
        return table(&b) { t in
            for (field, value) in options.values.sorted(by: { $0.key.index < $1.key.index }) {
                guard case .number(let v) = value else {
                    if let offset = vectors[field.index] { t.addOffset(field: field.index, offset) }
                    continue
                }
                switch field.kind {
                case .int32: t.add(field: field.index, value: Int32(v), default: Int32(field.defaultValue))
                case .float: t.add(field: field.index, value: Float(v), default: Float(field.defaultValue))
                case .bool: t.add(field: field.index, value: v != 0, default: field.defaultValue != 0)
                case .int8: t.add(field: field.index, value: Int8(v), default: Int8(field.defaultValue))
                default: preconditionFailure("options field \(field.name) is no bool, int8, int32 or float")
                }
            }
        }
    }

    private func subgraphTable(_ b: inout FlatBufferBuilder, tensors: [Offset], operators ops: [Offset]) -> Offset {
        let tensorVector = b.createVector(ofOffsets: tensors)
        let inputs = b.createVector(ofScalars: graph.inputs.map(index))
        let outputs = b.createVector(ofScalars: graph.outputs.map(index))
        let operatorVector = b.createVector(ofOffsets: ops)
        let name = b.createString(graph.name)
        return table(&b) { t in
            t.addOffset(field: 0, tensorVector)
            t.addOffset(field: 1, inputs)
            t.addOffset(field: 2, outputs)
            t.addOffset(field: 3, operatorVector)
            t.addOffset(field: 4, name)
        }
    }

    /// "serving_default" with the model's input and output names, in order.
    private func signatureDef(_ b: inout FlatBufferBuilder) -> Offset {
        func maps(_ names: [String]) -> Offset {
            let entries = names.map { name in
                let nameOffset = b.createString(name)
                return table(&b) { t in
                    t.addOffset(field: 0, nameOffset)
                    t.add(field: 1, value: UInt32(index(name)), default: 0)
                }
            }
            return b.createVector(ofOffsets: entries)
        }
        let inputs = maps(graph.inputs), outputs = maps(graph.outputs)
        let key = b.createString("serving_default")
        return table(&b) { t in
            t.addOffset(field: 0, inputs)
            t.addOffset(field: 1, outputs)
            t.addOffset(field: 2, key)
            t.add(field: 4, value: UInt32(0), default: 0)  // subgraph_index
        }
    }
}
