import ArgumentParser
import Foundation

/// `--config`: the JSON model config that a weights-only Keras .h5 needs.
struct KerasConfigOption: ParsableArguments {
    @Option(help: "The JSON model config (model.to_json()) of a weights-only Keras .h5 written by save_weights.")
    var config: String?

    var url: URL? { config.map { URL(fileURLWithPath: $0) } }
}
