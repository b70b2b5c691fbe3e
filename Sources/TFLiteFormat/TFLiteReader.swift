import FlatBuffers
import Foundation
import LiteIR
import LiteOps

/// Reads .tflite files back into IR graphs. Every offset and index is bounds-checked: a corrupt
/// or hostile file is a ``TFLiteFormatError`` naming the file, never a crash.
public enum TFLiteReader {
    public static func read(_ url: URL) throws -> Graph {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw TFLiteFormatError("\(url.path): cannot read the file: \(error.localizedDescription)")
        }
        do {
            return try ModelDecoder(data: data).graph()
        } catch let error as TFLiteFormatError {
            throw TFLiteFormatError("\(url.path): \(error.description)")
        } catch let error as FlatBufferError {
            throw TFLiteFormatError("\(url.path): not a valid tflite flatbuffer: \(error)")
        } catch let error as GraphError {
            throw TFLiteFormatError("\(url.path): \(error)")
        } catch let error as TensorError {
            throw TFLiteFormatError("\(url.path): \(error)")
        }
    }

    static let operatorReaders: [Int32: OperatorReader] = {
        var table: [Int32: OperatorReader] = [:]
        for family in MappingFamilies.all {
            table.merge(family.readers) { _, _ in preconditionFailure("a TFLite builtin has two readers") }
        }
        return table
    }()
}

/// Decodes one model's flatbuffer tables into the IR.
private struct ModelDecoder {
    let data: Data

    func graph() throws -> Graph {
        let reader = try FlatBufferReader(data)
        guard data.count >= 8, reader.fileIdentifier == "TFL3" else {
            throw TFLiteFormatError("missing the TFL3 file identifier: not a tflite model")
        }
        let model = try reader.rootTable()
        let version = try model.scalar(field: 0, default: UInt32(0))
        guard version == 3 else { throw TFLiteFormatError("schema version \(version) is not supported (expected 3)") }
        let subgraphs = try model.vectorOfTables(field: 2) ?? []
        guard subgraphs.count == 1 else { throw TFLiteFormatError("models with \(subgraphs.count) subgraphs are not supported") }
        let buffers = try model.vectorOfTables(field: 4) ?? []
        let codes = try (model.vectorOfTables(field: 1) ?? []).map { code -> (builtin: Int32, custom: String?, version: Int32) in
            let deprecated = Int32(try code.scalar(field: 0, default: Int8(0)))
            return (max(deprecated, try code.scalar(field: 3, default: Int32(0))), try code.string(field: 1),
                    try code.scalar(field: 2, default: Int32(1)))
        }
        var metadata: [String: Data] = [:]
        for entry in try model.vectorOfTables(field: 6) ?? [] {
            guard let name = try entry.string(field: 0), [CustomOperators.metadataName, BoundaryLayouts.metadataKey].contains(name) else { continue }
            let index = Int(try entry.scalar(field: 1, default: UInt32(0)))
            guard index < buffers.count else { throw TFLiteFormatError("metadata '\(name)' refers to buffer \(index) of \(buffers.count)") }
            metadata[name] = try buffers[index].byteVector(field: 0)
        }
        let customMetadata = metadata[CustomOperators.metadataName]
        let subgraph = subgraphs[0]
        let tensors = try subgraph.vectorOfTables(field: 0) ?? []
        // Tensor names are the IR's value names; a repeated name gets the tensor index appended.
        var names: [String] = []
        var used = Set<String>()
        var builder = GraphBuilder()
        for (i, tensor) in tensors.enumerated() {
            var name = try tensor.string(field: 3) ?? ""
            if name.isEmpty || used.contains(name) { name = "\(name)#\(i)" }
            used.insert(name)
            names.append(name)
        }
        var declared: [String: TensorType] = [:]
        // A constant with no elements has no bytes, so it cannot be told from a run-time tensor by
        // its buffer; it is a constant when nothing else defines it (see below).
        var emptyConstants: [String: Tensor] = [:]
        for (i, tensor) in tensors.enumerated() {
            let code = try tensor.scalar(field: 1, default: Int8(0))
            guard let dtype = TFLiteTensorType.dtype(code) else {
                throw TFLiteFormatError("tensor '\(names[i])' has unsupported type code \(code)")
            }
            let shape = try tensor.vectorOfScalars(field: 0, of: Int32.self) ?? []
            let signature = try tensor.vectorOfScalars(field: 7, of: Int32.self)
            guard shape.allSatisfy({ $0 >= 0 }), signature.map({ $0.count == shape.count }) ?? true else {
                throw TFLiteFormatError("tensor '\(names[i])' has an invalid shape \(shape)")
            }
            let dims: [Dim] = shape.indices.map { d in signature.map { $0[d] < 0 } == true ? .symbolic("") : .fixed(Int(shape[d])) }
            declared[names[i]] = TensorType(dtype, dims, quantization: try quantization(of: tensor, rank: dims.count, name: names[i]))
            let bufferIndex = Int(try tensor.scalar(field: 2, default: UInt32(0)))
            guard bufferIndex < max(buffers.count, 1) else {
                throw TFLiteFormatError("tensor '\(names[i])' refers to buffer \(bufferIndex) of \(buffers.count)")
            }
            if bufferIndex > 0, var bytes = try bufferBytes(buffers[bufferIndex], tensor: names[i]), !bytes.isEmpty {
                if let sparsity = try tensor.table(field: 6) {
                    bytes = try SparseTensors.densify(sparsity, values: bytes, dtype: dtype, shape: shape.map(Int.init), tensor: names[i])
                }
                builder.graph.setConstant(names[i], try Tensor(dtype: dtype, shape: shape.map(Int.init), data: bytes))
                builder.graph.types[names[i]]?.quantization = declared[names[i]]?.quantization
            } else if bufferIndex > 0, shape.contains(0), signature == nil {
                emptyConstants[names[i]] = try Tensor(dtype: dtype, shape: shape.map(Int.init), data: Data())
            }
        }
        func name(_ index: Int32, _ role: String) throws -> String {
            guard index >= 0, Int(index) < names.count else {
                throw TFLiteFormatError("\(role) refers to tensor \(index), but the model has \(names.count) tensors")
            }
            return names[Int(index)]
        }
        builder.graph.inputs = try (subgraph.vectorOfScalars(field: 1, of: Int32.self) ?? []).map { try name($0, "a subgraph input") }
        builder.graph.outputs = try (subgraph.vectorOfScalars(field: 2, of: Int32.self) ?? []).map { try name($0, "a subgraph output") }
        for input in builder.graph.inputs { builder.graph.types[input] = declared[input] }
        let operators = try subgraph.vectorOfTables(field: 3) ?? []
        var produced = Set(builder.graph.inputs)
        for op in operators {
            for index in try op.vectorOfScalars(field: 2, of: Int32.self) ?? [] { produced.insert(try name(index, "an operator output")) }
        }
        for (name, tensor) in emptyConstants where !produced.contains(name) { builder.graph.setConstant(name, tensor) }
        var context = ReadContext(builder: builder, declared: declared)
        for (position, op) in operators.enumerated() {
            let opcode = Int(try op.scalar(field: 0, default: UInt32(0)))
            guard opcode < codes.count else { throw TFLiteFormatError("operator #\(position) uses opcode \(opcode) of \(codes.count)") }
            let inputs = try (op.vectorOfScalars(field: 1, of: Int32.self) ?? []).map { $0 == -1 ? "" : try name($0, "operator #\(position) input") }
            let outputs = try (op.vectorOfScalars(field: 2, of: Int32.self) ?? []).map { try name($0, "operator #\(position) output") }
            let code = codes[opcode].builtin
            if code == BuiltinOperator.custom.code {
                guard let custom = codes[opcode].custom, custom.hasPrefix(CustomOperators.codePrefix), let output = outputs.first else {
                    throw TFLiteFormatError("operator #\(position) is the custom operator '\(codes[opcode].custom ?? "")', which LiteConvert cannot run")
                }
                let (irOp, attributes) = try CustomOperators.node(producing: output, in: customMetadata)
                try context.builder.add(Node(name: output, op: irOp, inputs: inputs, outputs: outputs, attributes: attributes))
                continue
            }
            guard let reader = TFLiteReader.operatorReaders[code] else {
                throw TFLiteFormatError("operator #\(position) (builtin code \(code)) is not supported by the reader")
            }
            let builtin = BuiltinOperator.all.first { $0.code == code } ?? BuiltinOperator(code: code, name: "code \(code)")
            let tfliteOp = TFLiteOperator(op: builtin, version: codes[opcode].version, inputs: inputs, outputs: outputs, options: try options(of: op))
            let view = OperatorView(op: tfliteOp, types: declared, constants: context.builder.graph.constants)
            let violations = KernelTable.violations(of: tfliteOp, version: tfliteOp.version, in: view, for: .reader)
            guard violations.isEmpty else {
                throw TFLiteFormatError("operator #\(position) (\(builtin) version \(tfliteOp.version)) producing '\(outputs.first ?? "")' "
                                        + "is refused by TFLite's kernels: " + violations.map(\.description).joined(separator: "; "))
            }
            try reader(tfliteOp, &context)
            for output in outputs {
                try check(output, inferred: context.builder.graph.types[output], declared: declared[output], op: builtin, position: position)
            }
        }
        var graph = context.builder.graph
        graph.metadata["source"] = "tflite"
        if let layouts = metadata[BoundaryLayouts.metadataKey] {
            graph.metadata[BoundaryLayouts.metadataKey] = String(decoding: layouts, as: UTF8.self)
            _ = try BoundaryLayouts(of: graph)
        }
        for output in graph.outputs where graph.types[output] == nil {
            throw TFLiteFormatError("subgraph output '\(output)' is not produced by any operator")
        }
        return graph
    }

    /// A buffer's bytes: its `data`, or the `size` bytes at `offset` from the start of the file
    /// (where converters put data beyond the flatbuffer, as ai-edge-quantizer does); an offset
    /// of 0 or 1 means none. Offsets and sizes are checked against the file.
    private func bufferBytes(_ buffer: FlatBufferTable, tensor: String) throws -> Data? {
        if let bytes = try buffer.byteVector(field: 0), !bytes.isEmpty { return bytes }
        let offset = try buffer.scalar(field: 1, default: UInt64(0)), size = try buffer.scalar(field: 2, default: UInt64(0))
        guard offset > 1 else { return nil }
        let (end, overflow) = offset.addingReportingOverflow(size)
        guard !overflow, end <= UInt64(data.count) else {
            throw TFLiteFormatError("tensor '\(tensor)': its buffer's \(size) bytes at offset \(offset) lie beyond the file's \(data.count) bytes")
        }
        let start = data.startIndex + Int(offset)
        return data[start..<(start + Int(size))]
    }

    /// A tensor's QuantizationParameters: nil without scales (float tensors may carry an empty
    /// table); one scale for the tensor, or one per slice along `quantized_dimension`.
    private func quantization(of tensor: FlatBufferTable, rank: Int, name: String) throws -> Quantization? {
        let fields = TFLiteSchema.QuantizationParameters.self
        guard let table = try tensor.table(field: 4), let scales = try table.vectorOfScalars(field: fields.scale.index, of: Float.self),
              !scales.isEmpty else { return nil }
        let zeroPoints = try table.vectorOfScalars(field: fields.zeroPoint.index, of: Int64.self) ?? Array(repeating: 0, count: scales.count)
        guard zeroPoints.count == scales.count else {
            throw TFLiteFormatError("tensor '\(name)' has \(scales.count) scales but \(zeroPoints.count) zero points")
        }
        if let bad = zeroPoints.first(where: { Int32(exactly: $0) == nil }) { throw TFLiteFormatError("tensor '\(name)' has a zero point of \(bad)") }
        if let bad = scales.first(where: { !$0.isFinite || $0 < 0 }) { throw TFLiteFormatError("tensor '\(name)' has a scale of \(bad)") }
        guard scales.count > 1 else { return Quantization(scales: scales, zeroPoints: zeroPoints) }
        let axis = Int(try table.scalar(field: fields.quantizedDimension.index, default: Int32(0)))
        guard axis >= 0, axis < rank else { throw TFLiteFormatError("tensor '\(name)' is quantized along dimension \(axis) of \(rank)") }
        return Quantization(scales: scales, zeroPoints: zeroPoints, axis: axis)
    }

    /// The operator's builtin options, decoded field by field for the types the reader knows.
    private func options(of op: FlatBufferTable) throws -> BuiltinOptionsValue? {
        let typeCode = try op.scalar(field: 3, default: UInt8(0))
        guard typeCode != 0, let type = OptionsType(rawValue: typeCode), let table = try op.table(field: 4) else { return nil }
        var value = BuiltinOptionsValue(type)
        for field in type.fields {
            switch field.kind {
            case .int32: value.values[field] = .number(Double(try table.scalar(field: field.index, default: Int32(field.defaultValue))))
            case .float: value.values[field] = .number(Double(try table.scalar(field: field.index, default: Float(field.defaultValue))))
            case .bool: value.values[field] = .number(try table.scalar(field: field.index, default: field.defaultValue != 0) ? 1 : 0)
            case .int8: value.values[field] = .number(Double(try table.scalar(field: field.index, default: Int8(field.defaultValue))))
            case .vector(.int32):
                if let v = try table.vectorOfScalars(field: field.index, of: Int32.self) { value.values[field] = .int32Vector(v) }
            default: continue  // no mapping reads fields of the other types
            }
        }
        return value
    }

    /// The reader's inferred output type must agree with the type the file declares.
    private func check(_ output: String, inferred: TensorType?, declared: TensorType?, op: BuiltinOperator, position: Int) throws {
        guard let inferred, let declared else { return }
        let agrees = inferred.dtype == declared.dtype && inferred.rank == declared.rank
            && (declared.quantization == nil || inferred.quantization == nil || inferred.quantization == declared.quantization)
            && zip(inferred.shape, declared.shape).allSatisfy { a, b in a.value == nil || b.value == nil || a == b }
        guard agrees else {
            throw TFLiteFormatError("operator #\(position) (\(op)) output '\(output)' is declared \(declared) but computes \(inferred)")
        }
    }
}
