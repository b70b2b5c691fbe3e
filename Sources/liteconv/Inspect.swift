import ArgumentParser
import Foundation
import LiteConvert

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a model's inputs, outputs, operators and parameters.")

    @Argument(help: "The model (.onnx, Keras .h5 or .tflite).") var model: String
    @OptionGroup var keras: KerasConfigOption
    @OptionGroup var memory: MemoryOption
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "List every node of the imported graph with the types of its inputs and outputs.") var nodes = false

    func run() throws {
        try reportingErrors {
            memory.apply()
            let summary = try LiteConvert.inspect(URL(fileURLWithPath: model), config: keras.url, nodes: nodes)
            if json {
                try printJSON(summary)
                return
            }
            print(summary.file)
            for (title, values) in [("inputs", summary.inputs), ("outputs", summary.outputs)] {
                print("\(title):")
                for v in values { print("  \(v.name)  \(typeText(v))") }
            }
            print("operators:")
            for (op, count) in summary.operators.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
                print("  \(String(count).padding(toLength: 6, withPad: " ", startingAt: 0)) \(op)")
            }
            print("parameters: \(summary.parameterCount) (\(summary.parameterBytes) bytes)")
            if let list = summary.nodes {
                print("nodes:")
                func values(_ values: [ModelSummary.Value]) -> String {
                    values.map { $0.name.isEmpty ? "-" : "\($0.name): \(typeText($0))" }.joined(separator: ", ")
                }
                for node in list { print("  \(node.name) (\(node.op)): \(values(node.inputs)) → \(values(node.outputs))") }
            }
        }
    }
}

/// A value's type as `inspect` prints it: int8[1,96,96,3], with its quantization when it has one.
private func typeText(_ value: ModelSummary.Value) -> String {
    "\(value.type)[\(value.shape.joined(separator: ","))]" + (value.quantization.map { " \($0.text)" } ?? "")
}
