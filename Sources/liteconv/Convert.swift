import ArgumentParser
import AtomicFiles
import Foundation
import LiteConvert
import LiteIR
import Passes
import NumPyIO

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Convert a model to a .tflite file.")

    @Argument(help: "The model to convert (.onnx or Keras .h5).") var input: String
    @Option(name: .shortAndLong, help: "The .tflite file to write.") var output: String
    @Flag(help: "Make an ONNX model's 4-D image inputs and outputs NHWC (default: keep the model's layout; Keras models are NHWC already).") var nhwcIO = false
    @Flag(help: ArgumentHelp("Write nodes TFLite has no builtin for as LiteConvert custom operators instead of refusing the model.",
                             discussion: "liteconv run and verify can run such a file; the official TFLite runtime refuses it."))
    var allowCustom = false
    @Option(help: ArgumentHelp("Optimization passes to run, comma-separated, in order (see liteconv passes).", valueName: "ids"))
    var passes: String?
    @Flag(help: "Run no optimization pass.") var noOptimize = false
    @Option(help: ArgumentHelp("Quantize the file: float16 stores the float weights as float16 behind DEQUANTIZE (half the size); dynamic stores convolution and dense weights as int8 for TFLite's hybrid kernels; int8 computes in int8 (weights per channel, activations from --calibration ranges, float input and output unless --io-type); int16x8 the same with int16 activations.",
                               valueName: "mode")) var quantize: QuantizationMode?
    @Option(help: ArgumentHelp("int8, int16x8: calibration inputs, a .npz (or a folder of .npz) whose arrays hold one sample per entry of their first axis, matched to inputs as `run --inputs` does.",
                               valueName: "path")) var calibration: String?
    @Option(help: ArgumentHelp("int8, int16x8: use at most this many calibration samples.", valueName: "n")) var calibrationSamples: Int?
    @Option(help: ArgumentHelp("int8, int16x8: how each value's range is chosen from the calibration values: minmax (smallest to largest, TFLiteConverter's), percentile (0.01st to 99.99th), mse (least expected int8 rounding and clipping error).",
                               valueName: "method")) var calibrationMethod: CalibrationMethod = .minmax
    @Option(help: ArgumentHelp("int8, int16x8: the element type of the model's inputs and outputs: float (QUANTIZE and DEQUANTIZE at the boundary), int8 or uint8 (zero points + 128) for int8, int16 for int16x8.",
                               valueName: "type")) var ioType: QuantizedIOType = .float
    @Option(help: ArgumentHelp("int8, int16x8: nodes to leave float (between DEQUANTIZE and QUANTIZE), comma-separated: a node or Keras layer name, an output name, or an op type (Conv2D or CONV_2D).",
                               valueName: "names")) var keepFloat: String?
    @Option(help: ArgumentHelp("Zero this share (0–1) of the smallest-magnitude weights of convolutions, dense layers and MatMuls (the first and last layer and layers under 1024 weights stay dense unless --prune-all-layers). Changes what the model computes: check it with verify.",
                               valueName: "sparsity")) var prune: Double?
    @Option(help: ArgumentHelp("--prune per layer, or with one threshold over all layers.", valueName: "layer|global"))
    var pruneScope: MagnitudePruning.Scope = .layer
    @Option(help: ArgumentHelp("--prune whole blocks of N weights along the input axis (1xN, e.g. 1x4 for TFLite's block-sparse kernels).",
                               valueName: "1xN")) var pruneBlock: String?
    @Flag(help: "--prune the first, last and small layers too.") var pruneAllLayers = false
    @Option(help: ArgumentHelp("Remove this share (0–1) of the output channels of convolutions and dense layers, those with the smallest L1 norms, and what reads them: the layers get smaller. Channels tied by residual Adds go together; those reaching a model output, a grouped convolution or an op they cannot be traced through stay. Changes what the model computes: check it with verify.",
                               valueName: "fraction")) var pruneChannels: Double?
    @Option(help: ArgumentHelp("Store weights with zeros sparse (TFLite's SparsityParameters; FULLY_CONNECTED reads them natively, other kernels through DENSIFY): auto where it saves a tenth of the tensor at least, always for every weight with a zero, never. The values stay exactly the same.",
                               valueName: "auto|always|never")) var sparseWeights: SparseWeightPolicy = .auto
    @Option(help: ArgumentHelp("Write what each pass did as JSON to this file.", valueName: "report.json")) var report: String?
    @OptionGroup var keras: KerasConfigOption
    @OptionGroup var memory: MemoryOption

    func validate() throws {
        if noOptimize && passes != nil { throw ValidationError("--passes and --no-optimize exclude each other") }
        if let prune, !(0...1).contains(prune) { throw ValidationError("--prune takes a share of weights between 0 and 1") }
        if let pruneChannels, !(0...1).contains(pruneChannels) { throw ValidationError("--prune-channels takes a share of channels between 0 and 1") }
        if prune == nil && (pruneBlock != nil || pruneAllLayers || pruneScope != .layer) { throw ValidationError("--prune-scope, --prune-block and --prune-all-layers need --prune") }
        if let pruneBlock, pruneBlockSize(pruneBlock) == nil { throw ValidationError("--prune-block takes 1xN, e.g. 1x4") }
        let integer = quantize == .int8 || quantize == .int16x8
        if calibration != nil && !integer { throw ValidationError("--calibration is for --quantize int8 or int16x8") }
        if calibrationMethod != .minmax && calibration == nil { throw ValidationError("--calibration-method needs --calibration") }
        if (ioType != .float || keepFloat != nil) && !integer { throw ValidationError("--io-type and --keep-float are for --quantize int8 or int16x8") }
        if quantize == .int8 && ioType == .int16 { throw ValidationError("--quantize int8 takes --io-type float, int8 or uint8") }
        if quantize == .int16x8 && ![.float, .int16].contains(ioType) { throw ValidationError("--quantize int16x8 takes --io-type float or int16") }
    }

    func run() throws {
        try reportingErrors {
            memory.apply()
            let ids = noOptimize ? [] : passes.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            var options = ConversionOptions(nhwcIO: nhwcIO, passes: ids, allowCustom: allowCustom, kerasConfig: keras.url,
                                            weights: quantize?.weights ?? .float32)
            options.sparseWeights = sparseWeights
            options.channelPruning = pruneChannels
            if let prune {
                options.pruning = MagnitudePruning.Options(sparsity: prune, scope: pruneScope, block: pruneBlock.flatMap(pruneBlockSize) ?? 1,
                                                           everyLayer: pruneAllLayers)
            }
            if let quantize, quantize == .int8 || quantize == .int16x8 {
                guard let calibration else {
                    throw LiteConvertError.badInput("--quantize \(quantize.rawValue) needs calibration inputs: --calibration samples.npz, arrays with one sample per entry of the first axis")
                }
                options.activations = quantize == .int16x8 ? .int16 : .int8
                options.int8Calibration = try LiteConvert.calibrationSamples(try calibrationFiles(calibration), limit: calibrationSamples)
                options.calibrationMethod = calibrationMethod
                options.ioType = ioType
                options.keepFloat = keepFloat.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
                let start = Date()
                options.calibrationProgress = { done, total in
                    guard done == total || done % max(total / 10, 1) == 0 else { return }
                    let elapsed = Date().timeIntervalSince(start)
                    FileHandle.standardError.write(Data(String(format: "\rcalibrating: %d/%d sample runs, %.1f s elapsed, %.1f s to go%@", done, total, elapsed,
                                                               elapsed / Double(done) * Double(total - done), done == total ? "\n" : "").utf8))
                }
            }
            let result = try LiteConvert.convert(URL(fileURLWithPath: input), to: URL(fileURLWithPath: output), options: options)
            if !result.customNodes.isEmpty {
                let lines = result.customNodes.map { "  node '\($0.node)' (\($0.op)): \($0.reason)" }.joined(separator: "\n")
                FileHandle.standardError.write(Data(("warning: \(result.customNodes.count) node(s) written as LiteConvert custom operators; "
                    + "liteconv run/verify can run \(output), the official TFLite runtime will refuse it:\n\(lines)\n").utf8))
            }
            if !result.floatGroups.isEmpty {
                FileHandle.standardError.write(Data(("note: \(result.floatGroups.count) node(s) stay float:\n"
                    + result.floatGroups.map { "  \($0)\n" }.joined()).utf8))
            }
            FileHandle.standardError.write(Data(PassSummary.table(result.passes).utf8))
            if !result.prunedLayers.isEmpty { FileHandle.standardError.write(Data(PassSummary.pruning(result.prunedLayers).utf8)) }
            if let channels = result.channelPruning { FileHandle.standardError.write(Data(PassSummary.channels(channels).utf8)) }
            if !result.sparseWeights.isEmpty { FileHandle.standardError.write(Data(PassSummary.sparse(result.sparseWeights).utf8)) }
            if let report {
                let json = try PassSummary.json(result, input: input, output: output)
                try AtomicFile.write(to: URL(fileURLWithPath: report)) { try $0.write(contentsOf: json) }
            }
            let ops = result.outputOps.values.reduce(0, +)
            FileHandle.standardError.write(Data(String(
                format: "converted %@ → %@: %d ops → %d TFLite ops, %d bytes, %.3f s\n",
                input, output, result.inputOps, ops, result.outputBytes, result.seconds).utf8))
        }
    }
}

extension CalibrationMethod: ExpressibleByArgument {}
extension MagnitudePruning.Scope: ExpressibleByArgument {}
extension SparseWeightPolicy: ExpressibleByArgument {}

/// The block size N of `--prune-block 1xN`.
private func pruneBlockSize(_ text: String) -> Int? {
    let parts = text.lowercased().split(separator: "x")
    guard parts.count == 2, parts[0] == "1", let n = Int(parts[1]), n >= 1, n <= 1024 else { return nil }
    return n
}
extension QuantizedIOType: ExpressibleByArgument {}

/// `convert --quantize`.
enum QuantizationMode: String, ExpressibleByArgument, CaseIterable {
    case float16, dynamic, int8, int16x8

    /// The writer's weight storage (int8 quantizes the graph itself, before writing).
    var weights: WeightStorage {
        switch self {
        case .float16: .float16
        case .dynamic: .dynamicRange
        case .int8, .int16x8: .float32
        }
    }
}

/// The .npz files of `--calibration`: the file, or every .npz of the folder in name order, read.
private func calibrationFiles(_ path: String) throws -> [(name: String, arrays: [NamedTensor])] {
    let url = URL(fileURLWithPath: path)
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw LiteConvertError.badInput("\(path): no such file") }
    let files = isFolder.boolValue
        ? try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil).filter { $0.pathExtension == "npz" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        : [url]
    return try files.map { ($0.path, try NumPy.readNPZ(url: $0)) }
}
