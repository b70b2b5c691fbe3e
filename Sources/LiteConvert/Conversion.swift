import Foundation
import LiteIR
import Passes
import TFLiteFormat

/// The library facade for Swift callers: convert, run, verify, inspect.
public enum LiteConvert {}

/// How a converted file stores constant float tensors.
public typealias WeightStorage = TFLiteFormat.WeightStorage

/// When the file stores constant weights sparse.
public typealias SparseWeightPolicy = TFLiteFormat.SparseWeightPolicy

/// A weight the file stores sparse.
public typealias SparseWeight = TFLiteFormat.SparseWeight

/// The element type of a fully quantized model's inputs and outputs.
public typealias QuantizedIOType = StaticQuantization.IOType

/// How to convert.
public struct ConversionOptions: Sendable {
    /// Turn the 4-D image inputs and outputs of a channels-first (ONNX) model to NHWC; Keras and
    /// TFLite models are channels-last already and keep their layout.
    public var nhwcIO = false
    /// Pass ids to run, in order (nil: the default pipeline).
    public var passes: [String]?
    /// Write nodes TFLite has no builtin for as LiteConvert custom operators instead of refusing
    /// the model (only LiteConvert can then run the file).
    public var allowCustom = false
    /// The JSON model config of a weights-only Keras .h5.
    public var kerasConfig: URL?
    /// How the file stores constant float tensors (`.float16`: half the bytes, behind DEQUANTIZE).
    public var weights: WeightStorage
    /// Full-integer quantization calibrated on these input sets (nil: none).
    public var int8Calibration: [[NamedTensor]]?
    /// The activations' type of full-integer quantization: int8, or int16 (16x8: int8 weights).
    public var activations = DType.int8
    /// Nodes, layers or op types the int8 quantization leaves float.
    public var keepFloat: [String] = []
    /// The element type of an int8 model's inputs and outputs.
    public var ioType = QuantizedIOType.float
    /// Magnitude pruning of the weights before quantizing (nil: none).
    public var pruning: MagnitudePruning.Options?
    /// Structured pruning: this share (0…1) of the output channels of every prunable group of
    /// convolutions and fully connected layers goes, with what reads them (nil: none).
    public var channelPruning: Double?
    /// Which constant weights the file stores sparse (TFLite's SparsityParameters).
    public var sparseWeights = SparseWeightPolicy.auto
    /// How calibration chooses each value's range.
    public var calibrationMethod = CalibrationMethod.minmax
    /// Told the calibration's progress (sample runs done, sample runs).
    public var calibrationProgress: (@Sendable (Int, Int) -> Void)?

    public init(nhwcIO: Bool = false, passes: [String]? = nil, allowCustom: Bool = false, kerasConfig: URL? = nil,
                weights: WeightStorage = .float32) {
        self.nhwcIO = nhwcIO
        self.passes = passes
        self.allowCustom = allowCustom
        self.kerasConfig = kerasConfig
        self.weights = weights
    }
}

/// What a conversion did and how long it took.
public struct ConversionReport: Sendable {
    public var inputOps: Int
    public var outputOps: [String: Int]
    public var outputBytes: Int
    /// Nodes written as custom operators (with `allowCustom`), with the reason.
    public var customNodes: [(node: String, op: String, reason: String)]
    /// Quantized (Dequantize → op → Quantize) groups that stay float, each with the reason.
    public var floatGroups: [String]
    /// Every layer pruning considered, with its zeros before and after (with `pruning`).
    public var prunedLayers: [MagnitudePruning.Layer]
    /// What channel pruning removed (with `channelPruning`).
    public var channelPruning: ChannelPruning.Result?
    /// The weights the file stores sparse.
    public var sparseWeights: [SparseWeight]
    public var passes: [PassStats]
    public var seconds: Double
}

extension LiteConvert {
    /// Converts a model file to a .tflite file, written atomically.
    public static func convert(_ input: URL, to output: URL, options: ConversionOptions = ConversionOptions()) throws -> ConversionReport {
        let start = Date()
        var graph = try load(input, config: options.kerasConfig)
        let inputOps = graph.nodes.count
        var passes = options.passes ?? Pipeline.defaultIDs
        // Only channels-first (ONNX) models have NCHW boundaries to turn.
        if options.nhwcIO, try ModelFormat(url: input) == .onnx { passes.insert(BoundaryLayout().id, at: 0) }
        let stats: [PassStats]
        var floatGroups: [String] = []
        var prunedLayers: [MagnitudePruning.Layer] = []
        var channelPruning: ChannelPruning.Result?
        do {
            stats = try Pipeline(ids: passes, target: TFLiteTarget()).run(on: &graph)
            if let fraction = options.channelPruning { channelPruning = try ChannelPruning.apply(to: &graph, fraction: fraction) }
            if let pruning = options.pruning { prunedLayers = try MagnitudePruning.apply(to: &graph, pruning) }
            if let samples = options.int8Calibration {
                let ranges = try calibrationRanges(graph, samples: samples, method: options.calibrationMethod, progress: options.calibrationProgress)
                floatGroups = try StaticQuantization.apply(to: &graph, ranges: ranges, activations: options.activations,
                                                           keepFloat: options.keepFloat, io: options.ioType, target: TFLiteTarget())
            }
        } catch let error as GraphError {
            throw LiteConvertError.badInput("\(input.path): \(error)")
        }
        let written: TFLiteWriteSummary
        do {
            written = try TFLiteWriter.write(graph, to: output, allowCustom: options.allowCustom, weights: options.weights,
                                           sparse: options.sparseWeights)
        } catch let error as TFLiteUnsupportedError {
            throw LiteConvertError.badInput("\(input.path): \(error)")
        } catch let error as GraphError {
            throw LiteConvertError.badInput("\(input.path): \(error)")
        }
        if floatGroups.isEmpty { floatGroups = graph.metadata[QuantizedOpFusion.skippedKey].map { $0.split(separator: "\n").map(String.init) } ?? [] }
        return ConversionReport(inputOps: inputOps, outputOps: written.operatorCounts, outputBytes: written.bytes,
                                customNodes: written.customNodes, floatGroups: floatGroups, prunedLayers: prunedLayers,
                                channelPruning: channelPruning, sparseWeights: written.sparseWeights, passes: stats, seconds: Date().timeIntervalSince(start))
    }
}

extension LiteConvert {
    /// Every optimization pass: its id and one line on what it does.
    public static var availablePasses: [(id: String, summary: String)] { Pipeline.available.map { ($0.id, $0.summary) } }

    /// The pass ids `convert` runs by default, in order.
    public static var defaultPasses: [String] { Pipeline.defaultIDs }
}
