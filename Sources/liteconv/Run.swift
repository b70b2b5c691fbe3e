import ArgumentParser
import Foundation
import LiteConvert
import NumPyIO

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a model with the interpreter.")

    @Argument(help: "The model (.onnx, Keras .h5 or .tflite).") var model: String
    @OptionGroup var keras: KerasConfigOption
    @OptionGroup var memory: MemoryOption
    @Option(help: "Input arrays (.npz), matched by name, else by position arr_0, arr_1, …") var inputs: String
    @OptionGroup var engineOptions: EngineOptions
    @Option(help: "Where to write the outputs (.npz), under the model's output names.") var outputs: String

    func run() throws {
        try reportingErrors {
            memory.apply()
            let graph = try LiteConvert.load(URL(fileURLWithPath: model), config: keras.url)
            let arrays = try NumPy.readNPZ(url: URL(fileURLWithPath: inputs))
            let results: [NamedTensor]
            do {
                results = try LiteConvert.run(graph, inputs: arrays, engine: engineOptions.engine, threads: engineOptions.threads)
            } catch let error as LiteConvertError {
                throw LiteConvertError.badInput("\(model): \(error)")
            }
            try NumPy.writeNPZ(results, to: URL(fileURLWithPath: outputs))
        }
    }
}
