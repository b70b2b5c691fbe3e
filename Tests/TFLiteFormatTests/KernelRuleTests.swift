import Foundation
import Interpreter
import LiteIR
@testable import TFLiteFormat
import XCTest

/// Every kernel-table rule: a hand-built one-operator .tflite that breaks it is refused by the
/// reader, naming the operator and the rule, where TFLite's AllocateTensors fails (the oracle
/// suite checks a sample of such files against the official runtime).
final class KernelRuleTests: XCTestCase {
    /// A tensor of a hand-built model: a constant when it has values.
    private struct Operand {
        let name: String
        let type: TensorType
        var value: Tensor?

        init(_ name: String, _ dtype: DType, _ shape: [Int], _ value: Tensor? = nil, quantization: Quantization? = nil) {
            self.name = name
            self.type = TensorType(dtype, shape.map { .fixed($0) }, quantization: quantization)
            self.value = value
        }

        static func ints(_ name: String, _ values: [Int], shape: [Int]? = nil) -> Operand {
            Operand(name, .int32, shape ?? [values.count], Tensor(shape: shape ?? [values.count], values: values.map { Int32($0) }))
        }
    }

    /// Writes one operator (bypassing the writer's own checks) and reads it back.
    private func read(_ op: BuiltinOperator, version: Int32 = 1, _ inputs: [Operand], _ outputs: [Operand],
                      options: BuiltinOptionsValue? = nil) throws {
        var graph = Graph(name: "rule", outputs: outputs.map(\.name))
        for operand in inputs + outputs where !operand.name.isEmpty {
            if let value = operand.value { graph.setConstant(operand.name, value) } else { graph.types[operand.name] = operand.type }
        }
        graph.inputs = inputs.filter { $0.value == nil && !$0.name.isEmpty }.map(\.name)
        let operatorTable = TFLiteOperator(op: op, version: version, inputs: inputs.map(\.name), outputs: outputs.map(\.name), options: options)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rule-\(getpid())-\(op.name).tflite")
        var serializer = ModelSerializer(graph: graph, operators: [operatorTable])
        _ = try serializer.write(to: url)
        _ = try TFLiteReader.read(url)
    }

    private func assertRefused(_ expected: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("refused by TFLite's kernels") && message.contains(expected), message, file: file, line: line)
        }
    }

    private let x = Operand("x", .float32, [1, 2, 2, 4])
    private let y = Operand("y", .float32, [1, 2, 2, 4])

    /// Options tables that hold a fused activation, for the builtins whose rule reads one.
    private static let activationOptions: [Int32: OptionsType] = [
        BuiltinOperator.add.code: .add, BuiltinOperator.sub.code: .sub, BuiltinOperator.mul.code: .mul, BuiltinOperator.div.code: .div,
        BuiltinOperator.conv2D.code: .conv2D, BuiltinOperator.depthwiseConv2D.code: .depthwiseConv2D,
        BuiltinOperator.transposeConv.code: .transposeConv, BuiltinOperator.conv3D.code: .conv3D,
        BuiltinOperator.averagePool2D.code: .pool2D, BuiltinOperator.maxPool2D.code: .pool2D,
        BuiltinOperator.fullyConnected.code: .fullyConnected, BuiltinOperator.concatenation.code: .concatenation,
        BuiltinOperator.l2Normalization.code: .l2Norm,
    ]

    /// Every builtin the reader reads (and so every one the writer emits) has a rule.
    func testEveryBuiltinHasARule() {
        for code in TFLiteReader.operatorReaders.keys {
            XCTAssertNotNil(KernelTable.rules[code], "\(BuiltinOperator.all.first { $0.code == code }?.name ?? "\(code)") has no kernel rule")
        }
    }

    /// A version above what the optimized kernels register, for every rule.
    func testVersionsAboveTheRegisteredOnesAreRefused() throws {
        for rule in KernelTable.rules.values {
            let inputs = (0...rule.dataInput).map { Operand("in\($0)", .float32, [1, 2, 2, 4]) }
            let too = rule.versions[.builtin]!.upperBound + 1
            assertRefused("\(rule.op) version \(too)") { try read(rule.op, version: too, inputs, [y]) }
            assertRefused("register versions") { try read(rule.op, version: too, inputs, [y]) }
        }
    }

    /// An element type outside the rule's, for every rule.
    func testElementTypesOutsideTheRuleAreRefused() throws {
        for rule in KernelTable.rules.values {
            guard let outside = DType.allCases.first(where: { rule.types[$0] == nil }) else { continue }
            let inputs = (0...rule.dataInput).map { Operand("in\($0)", outside, [1, 2, 2, 4]) }
            let version = rule.versions[.builtin]!.lowerBound
            assertRefused("computes") { try read(rule.op, version: version, inputs, [Operand("out", outside, [1, 2, 2, 4])]) }
        }
    }

    /// A rank outside the rule's, for every rule with ranks.
    func testRanksOutsideTheRuleAreRefused() throws {
        for rule in KernelTable.rules.values {
            guard let ranks = rule.ranks, let dtype = rule.types.keys.first else { continue }
            let rank = ranks.lowerBound > 0 ? ranks.lowerBound - 1 : ranks.upperBound + 1
            let inputs = (0...rule.dataInput).map { Operand("in\($0)", dtype, Array(repeating: 2, count: rank)) }
            assertRefused("the kernel takes") { try read(rule.op, version: rule.versions[.builtin]!.lowerBound, inputs, [y]) }
        }
    }

    /// Fused activations the kernel refuses: any on CONCATENATION and L2_NORMALIZATION, TANH on
    /// FULLY_CONNECTED, codes past SIGN_BIT everywhere.
    func testRefusedFusedActivations() throws {
        for rule in KernelTable.rules.values {
            guard let field = rule.activation.field else { continue }
            let type = try XCTUnwrap(Self.activationOptions[rule.op.code], "\(rule.op) needs an entry in activationOptions")
            let code: Double = switch rule.activation {
            case .mustBeNone: 1
            case .clampsRefusingOthers: 4
            default: 6
            }
            let inputs = (0...rule.dataInput).map { Operand("in\($0)", .float32, [1, 2, 2, 4]) }
            assertRefused("activation") {
                try read(rule.op, inputs, [y], options: BuiltinOptionsValue(type, numbers: [field: code]))
            }
        }
        assertRefused("CONCATENATION version 1") {
            try read(.concatenation, [x, x], [Operand("y", .float32, [1, 2, 2, 8])],
                     options: BuiltinOptionsValue(.concatenation, numbers: [Fields.concatenation.axis: 3, Fields.concatenation.activation: 1]))
        }
    }

    /// The checks of the rules, each broken once.
    func testEveryCheckIsEnforced() throws {
        let f = Operand.self
        let weights = Tensor(shape: [4, 1, 1, 4], values: [Float](repeating: 0.5, count: 16))
        let cases: [(String, () throws -> Void)] = [
            ("both operands must have the same element type", { try self.read(.add, [self.x, f.init("b", .int32, [1, 2, 2, 4])], [self.y]) }),
            ("at most 8 dims", { try self.read(.mul, [f.init("a", .float32, Array(repeating: 1, count: 9)), f.init("b", .float32, [1])], [self.y]) }),
            ("ATAN2 does not broadcast", { try self.read(.atan2, [self.x, f.init("b", .float32, [1, 1, 1, 4])], [self.y]) }),
            ("alpha must have the input's element type", { try self.read(.prelu, [self.x, f.init("a", .float32, [1, 1, 1, 1, 4])], [self.y]) }),
            ("the condition must be bool", { try self.read(.selectV2, [f.init("c", .float32, [4]), self.x, self.x], [self.y]) }),
            ("a bias (input 2) is required", { try self.read(.conv2D, [self.x, f.init("w", .float32, [4, 1, 1, 4], weights)], [self.y],
                                                              options: BuiltinOptionsValue(.conv2D, numbers: [Fields.conv.strideW: 1, Fields.conv.strideH: 1])) }),
            ("the input channels must be a multiple", { try self.read(.conv2D, [self.x, f.init("w", .float32, [4, 1, 1, 3]), f.init("b", .float32, [4])],
                                                                       [self.y], options: BuiltinOptionsValue(.conv2D, numbers: [Fields.conv.strideW: 1, Fields.conv.strideH: 1])) }),
            ("the multiplier written", { try self.read(.depthwiseConv2D, [self.x, f.init("w", .float32, [1, 1, 1, 8]), f.init("b", .float32, [8])],
                                                       [f.init("y", .float32, [1, 2, 2, 8])], options: BuiltinOptionsValue(.depthwiseConv2D, numbers: [
                                                        Fields.depthwise.strideW: 1, Fields.depthwise.strideH: 1, Fields.depthwise.multiplier: 1])) }),
            ("the output shape must be an int32 vector of 4", { try self.read(.transposeConv, [f.ints("s", [1, 2, 2]), f.init("w", .float32, [4, 1, 1, 4]), self.x],
                                                                              [self.y], options: BuiltinOptionsValue(.transposeConv)) }),
            ("CONV_3D has no groups", { try self.read(.conv3D, [f.init("x5", .float32, [1, 2, 2, 2, 4]), f.init("w", .float32, [1, 1, 1, 2, 4])],
                                                      [f.init("y5", .float32, [1, 2, 2, 2, 4])], options: BuiltinOptionsValue(.conv3D)) }),
            ("the weights must be a float32 [units, depth] matrix", { try self.read(.fullyConnected, [self.x, f.init("w", .float32, [4, 4, 1])], [self.y]) }),
            ("both operands must have 2 to 5 dims", { try self.read(.batchMatmul, [f.init("a", .float32, [4]), self.x], [self.y]) }),
            ("the size must be an int32 vector of 2", { try self.read(.resizeBilinear, [self.x, f.ints("s", [4, 4, 4])], [self.y],
                                                                      options: BuiltinOptionsValue(.resizeBilinear)) }),
            ("align_corners and half_pixel_centers exclude each other", { try self.read(.resizeBilinear, [self.x, f.ints("s", [4, 4])], [self.y],
                options: BuiltinOptionsValue(.resizeBilinear, numbers: [Fields.resizeBilinear.alignCorners: 1, Fields.resizeBilinear.halfPixel: 1])) }),
            ("the channels must be a multiple of block_size²", { try self.read(.depthToSpace, [self.x], [self.y],
                                                                                options: BuiltinOptionsValue(.depthToSpace, numbers: [Fields.blockSize: 3])) }),
            ("height and width must be multiples of block_size", { try self.read(.spaceToDepth, [self.x], [self.y],
                                                                                  options: BuiltinOptionsValue(.spaceToDepth, numbers: [Fields.blockSize: 3])) }),
            ("a shape input must be a 1-D int32 tensor", { try self.read(.reshape, [self.x, f.init("s", .int64, [2], Tensor(shape: [2], values: [Int64(4), 4]))],
                                                                          [f.init("y", .float32, [4, 4])]) }),
            ("the permutation must be int32", { try self.read(.transpose, [self.x, f.init("p", .int64, [4], Tensor(shape: [4], values: [Int64(0), 2, 1, 3]))], [self.y]) }),
            ("all inputs must have the same element type and rank", { try self.read(.concatenation, [self.x, f.init("b", .float32, [2, 4])], [self.y],
                                                                                     options: BuiltinOptionsValue(.concatenation)) }),
            ("the paddings must be int32 or int64", { try self.read(.pad, [self.x, f.init("p", .float32, [4, 2])], [self.y]) }),
            ("the shape must be int32 or int64", { try self.read(.broadcastTo, version: 2, [self.x, f.init("s", .float32, [4])], [self.y]) }),
            ("the dims must be int32 or int64", { try self.read(.fill, [f.init("d", .float32, [1]), f.init("v", .float32, [])], [f.init("o", .float32, [2])]) }),
            ("the indices must be int16 or int32 or int64", { try self.read(.gather, [self.x, f.init("i", .float32, [1])], [self.y],
                                                                             options: BuiltinOptionsValue(.gather)) }),
            ("the sequence lengths must be int32 or int64", { try self.read(.reverseSequence, [self.x, f.init("l", .float32, [1])], [self.y],
                options: BuiltinOptionsValue(.reverseSequence, numbers: [Fields.reverseSequence.seqDim: 1])) }),
            ("the paddings must not be negative", { try self.read(.pad, [self.x, f.ints("p", [0, 0, -1, 0, 0, 0, 0, 0], shape: [4, 2])], [self.y]) }),
            ("the pad value must be one element", { try self.read(.padv2, [self.x, f.ints("p", [0, 0, 0, 0, 0, 0, 0, 0], shape: [4, 2]),
                                                                           f.init("v", .float32, [2])], [self.y]) }),
            ("REFLECT paddings must not exceed", { try self.read(.mirrorPad, [self.x, f.ints("p", [0, 0, 2, 2, 0, 0, 0, 0], shape: [4, 2])], [self.y],
                                                                 options: BuiltinOptionsValue(.mirrorPad)) }),
            ("the multiples must be int32 or int64", { try self.read(.tile, [self.x, f.init("m", .float32, [4])], [self.y]) }),
            ("the input must broadcast one way", { try self.read(.broadcastTo, version: 2, [self.x, f.ints("s", [1, 2, 1, 4])], [self.y]) }),
            ("out_type must be int32 or int64", { try self.read(.shape, [self.x], [f.init("s", .float32, [4])], options: BuiltinOptionsValue(.shape)) }),
            ("the value must be a scalar", { try self.read(.fill, [f.ints("d", [2]), f.init("v", .float32, [2])], [f.init("o", .float32, [2])]) }),
            ("start, limit and delta must be scalars of one element type", { try self.read(.range, [f.init("a", .float32, []), f.init("b", .int32, []),
                                                                                                      f.init("c", .float32, [])], [f.init("o", .float32, [2])]) }),
            ("constant indices must not be negative", { try self.read(.gather, [self.x, f.ints("i", [-1])], [self.y], options: BuiltinOptionsValue(.gather)) }),
            ("the index vectors must be no longer", { try self.read(.gatherNd, [f.init("p", .float32, [4]), f.ints("i", [0, 0], shape: [1, 2])], [self.y]) }),
            ("the indices and the shape must be int32", { try self.read(.scatterNd, [f.init("i", .int64, [1, 1]), f.init("u", .float32, [1]),
                                                                                     f.init("s", .int64, [1])], [f.init("o", .float32, [4])]) }),
            ("begin, end and strides must be int32 vectors", { try self.read(.stridedSlice, [self.x, f.init("b", .int64, [4]), f.init("e", .int64, [4]),
                                                                                             f.init("s", .int64, [4])], [self.y], options: BuiltinOptionsValue(.stridedSlice)) }),
            ("strides must not be zero", { try self.read(.stridedSlice, [self.x, f.ints("b", [0, 0, 0, 0]), f.ints("e", [1, 2, 2, 4]), f.ints("s", [1, 0, 1, 1])],
                                                         [self.y], options: BuiltinOptionsValue(.stridedSlice)) }),
            ("the axes must be int32", { try self.read(.mean, [self.x, f.init("a", .int64, [1], Tensor(shape: [1], values: [Int64(1)]))], [self.y],
                                                       options: BuiltinOptionsValue(.reducer)) }),
            ("output_type must be int32 or int64", { try self.read(.argMax, [self.x, f.ints("a", [1])], [f.init("o", .int64, [1, 2, 4])],
                                                                   options: BuiltinOptionsValue(.argMax)) }),
            ("the k must be int32", { try self.read(.topkV2, [self.x, f.init("k", .int64, [], Tensor(shape: [], values: [Int64(1)]))],
                                                    [self.y, f.init("i", .int32, [1, 2, 2, 1])]) }),
            ("the indices output must be int32", { try self.read(.topkV2, [self.x, f.ints("k", [1], shape: [])], [self.y, f.init("i", .int64, [1, 2, 2, 1])]) }),
            ("depth must be an int32 scalar", { try self.read(.oneHot, [f.init("i", .int32, [2]), f.init("d", .int64, []), f.init("on", .float32, []),
                                                                        f.init("off", .float32, [])], [f.init("o", .float32, [2, 3])], options: BuiltinOptionsValue(.oneHot)) }),
            ("the axis must be int32", { try self.read(.cumsum, [self.x, f.init("a", .int64, [], Tensor(shape: [], values: [Int64(1)]))], [self.y],
                                                       options: BuiltinOptionsValue(.cumsum)) }),
            ("seq_dim and batch_dim must be distinct", { try self.read(.reverseSequence, [self.x, f.ints("l", [1])], [self.y],
                                                                       options: BuiltinOptionsValue(.reverseSequence)) }),
            ("the axis must be int32", { try self.read(.split, [f.init("a", .int64, [], Tensor(shape: [], values: [Int64(1)])), self.x], [self.y],
                                                       options: BuiltinOptionsValue(.split, numbers: [Fields.numSplits: 1])) }),
            ("the sizes must be int32 or int64", { try self.read(.splitV, [self.x, f.init("s", .float32, [1]), f.ints("a", [3], shape: [])], [self.y],
                                                                 options: BuiltinOptionsValue(.splitV, numbers: [Fields.numSplits: 1])) }),
            ("the axes must be a non-empty int32 vector", { try self.read(.reverseV2, [self.x, f.init("a", .int64, [1], Tensor(shape: [1], values: [Int64(0)]))],
                                                                            [self.y], options: BuiltinOptionsValue(.reverseV2)) }),
            ("it takes 20 or 24 inputs", { try self.read(.unidirectionalSequenceLstm, [f.init("s", .float32, [2, 1, 4])], [f.init("o", .float32, [2, 1, 4])],
                                                         options: BuiltinOptionsValue(.unidirectionalSequenceLSTM, numbers: [Fields.sequenceLSTM.activation: 4])) }),
            ("the state inputs (18, 19) must be given", { try self.read(.unidirectionalSequenceLstm, [f.init("s", .float32, [2, 1, 4])] + Array(repeating: f.init("", .float32, []), count: 19),
                                                                        [f.init("o", .float32, [2, 1, 4])],
                                                                        options: BuiltinOptionsValue(.unidirectionalSequenceLSTM, numbers: [Fields.sequenceLSTM.activation: 4])) }),
            ("its cell activation must be RELU, RELU6, TANH or SIGN_BIT", { try self.read(.unidirectionalSequenceLstm, [f.init("s", .float32, [2, 1, 4])],
                [f.init("o", .float32, [2, 1, 4])], options: BuiltinOptionsValue(.unidirectionalSequenceLSTM)) }),
            ("it takes 5 inputs", { try self.read(.unidirectionalSequenceRnn, [f.init("s", .float32, [2, 1, 4])], [f.init("o", .float32, [2, 1, 4])],
                                                  options: BuiltinOptionsValue(.sequenceRNN)) }),
            ("the state inputs (4) must be given", { try self.read(.unidirectionalSequenceRnn, [f.init("s", .float32, [2, 1, 4])] + Array(repeating: f.init("", .float32, []), count: 4),
                                                                   [f.init("o", .float32, [2, 1, 4])], options: BuiltinOptionsValue(.sequenceRNN)) }),
            ("the axis must be one int32 or int64", { try self.read(.expandDims, [self.x, f.init("a", .float32, [1])], [self.y]) }),
            ("the begin must be int32 or int64", { try self.read(.slice, [self.x, f.init("b", .float32, [4]), f.ints("s", [1, 1, 1, 1])], [self.y]) }),
            ("the size must be int32 or int64", { try self.read(.slice, [self.x, f.ints("b", [0, 0, 0, 0]), f.init("s", .float32, [4])], [self.y]) }),
            ("begin must not be negative, nor size below -1", { try self.read(.slice, [self.x, f.ints("b", [0, -1, 0, 0]), f.ints("s", [1, 1, 1, 1])], [self.y]) }),
            ("the input must not be empty", { try self.read(.unpack, [f.init("e", .float32, [0, 2])], [f.init("o", .float32, [2])],
                                                            options: BuiltinOptionsValue(.unpack)) }),
            ("per-channel dequantization takes int8 or uint8 values", {
                try self.read(.dequantize, version: 3, [f.init("q", .int16, [2, 3], quantization: Quantization(scales: [1, 2, 3], zeroPoints: [0, 0, 0], axis: 1))],
                              [f.init("o", .float32, [2, 3])])
            }),
            ("the output must be int8, uint8 or int16 with its scales and zero points", {
                try self.read(.quantize, [f.init("x", .float32, [2, 3])], [f.init("o", .int32, [2, 3], quantization: Quantization(scale: 1, zeroPoint: 0))])
            }),
        ]
        for (expected, body) in cases { assertRefused(expected, body) }
        // Every check of scope allKernels appears above.
        let checked = Set(cases.map(\.0))
        for rule in KernelTable.rules.values {
            for check in rule.checks where check.scope == .allKernels {
                XCTAssertTrue(checked.contains { check.rule.contains($0) }, "no test breaks '\(check.rule)' of \(rule.op)")
            }
        }
    }

    /// What the reader reads as TFLite's kernels compute it: NONE on a clamping kernel clamps to
    /// the finite range, a fused TANH is ignored there, a maximum starts from the lowest float.
    func testReadOperatorsComputeWhatTheKernelsCompute() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("semantics-\(getpid()).tflite")
        var graph = Graph(name: "semantics", inputs: ["a", "b"], outputs: ["sum", "max"])
        for name in ["a", "b"] { graph.types[name] = TensorType(.float32, fixed: [3]) }
        graph.setConstant("axis", Tensor(shape: [1], values: [Int32(0)]))
        graph.types["sum"] = TensorType(.float32, fixed: [3])
        graph.types["max"] = TensorType(.float32, fixed: [1])
        let add = TFLiteOperator(op: .add, inputs: ["a", "b"], outputs: ["sum"], options: BuiltinOptionsValue(.add, numbers: [Fields.arithmeticActivation: 4]))
        let max = TFLiteOperator(op: .reduceMax, inputs: ["b", "axis"], outputs: ["max"], options: BuiltinOptionsValue(.reducer, numbers: [Fields.reducerKeepDims: 1]))
        var serializer = ModelSerializer(graph: graph, operators: [add, max])
        _ = try serializer.write(to: url)
        let read = try TFLiteReader.read(url)
        XCTAssertEqual(try read.nodes[0].string("activation", "NONE"), "FINITE_RANGE")
        let results = try Interpreter(graph: read).run([
            "a": Tensor(shape: [3], values: [Float](arrayLiteral: .infinity, -.infinity, 1)),
            "b": Tensor(shape: [3], values: [Float](arrayLiteral: -.infinity, -.infinity, -.infinity)),
        ])
        // inf + -inf is NaN, which the clamp passes; -inf + -inf clamps to the lowest float.
        let sum = try XCTUnwrap(results["sum"]).values(Float.self)
        XCTAssertTrue(sum[0].isNaN)
        XCTAssertEqual(Array(sum[1...]), [-.greatestFiniteMagnitude, -.greatestFiniteMagnitude])
        XCTAssertEqual(results["max"]?.values(Float.self), [-.greatestFiniteMagnitude])
    }
}
