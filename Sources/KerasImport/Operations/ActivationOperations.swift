import LiteIR

/// Activation functions applied as operations (`keras.ops.relu6(x)`, `tf.nn.gelu(x)`), with
/// their parameters; the parameterless ones are Keras' activations of the same name.
enum ActivationOperations {
    static let table: [String: OperationTranslator] = {
        var table: [String: OperationTranslator] = [:]
        for name in ["sigmoid", "relu", "relu6", "hard_sigmoid", "hard_silu", "silu", "softplus", "tanh", "selu", "softsign", "hard_tanh",
                     "log_sigmoid"] {
            table[name] = { c, a in [try KerasActivations.apply(name, try a.tensor("x"), &c, a.call)] }
        }
        table["gelu"] = { c, a in
            let approximate = try a.bool("approximate", true)
            return [try c.emit("Gelu", [try a.tensor("x")], ["approximate": .string(approximate ? "tanh" : "none")], for: a.call)]
        }
        table["softmax"] = { c, a in [try ActivationLayers.softmax(&c, a.call, try a.tensor("x"), axes: try a.ints("axis") ?? [-1])] }
        table["log_softmax"] = { c, a in [try c.emit("LogSoftmax", [try a.tensor("x")], ["axis": .int(try a.int("axis", -1))], for: a.call)] }
        table["leaky_relu"] = { c, a in
            [try c.emit("LeakyRelu", [try a.tensor("x")], ["alpha": .float(Float(try a.double("negative_slope", 0.2)))], for: a.call)]
        }
        table["celu"] = { c, a in [try c.emit("Celu", [try a.tensor("x")], ["alpha": .float(Float(try a.double("alpha", 1)))], for: a.call)] }
        table["elu"] = { c, a in [try c.emit("Elu", [try a.tensor("x")], ["alpha": .float(Float(try a.double("alpha", 1)))], for: a.call)] }
        return table
    }()
}
