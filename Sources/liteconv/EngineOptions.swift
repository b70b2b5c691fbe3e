import ArgumentParser
import LiteConvert

extension Engine: ExpressibleByArgument {}

/// `--engine` and `--threads`: which interpreter kernels run a model, over how many threads.
struct EngineOptions: ParsableArguments {
    @Option(help: "Kernels: fast, or reference (the readable specification kernels, single-threaded).")
    var engine: Engine = .fast
    @Option(help: "Threads the fast kernels split work over (default: all cores).")
    var threads: Int = LiteConvert.defaultThreads

    func validate() throws {
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
    }
}
