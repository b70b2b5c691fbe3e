import ArgumentParser
import LiteConvert

struct ListPasses: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passes", abstract: "List the optimization passes convert can run.")

    func run() {
        let width = LiteConvert.availablePasses.map(\.id.count).max() ?? 0
        for pass in LiteConvert.availablePasses {
            print(pass.id.padding(toLength: width + 2, withPad: " ", startingAt: 0) + pass.summary)
        }
        print("\ndefault: \(LiteConvert.defaultPasses.joined(separator: ","))")
    }
}
