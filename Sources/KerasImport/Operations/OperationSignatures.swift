/// The saved forms of the translated operations: Keras 3 operation classes, and the TensorFlow
/// functions tf-keras records in TFOpLambda layers (whose first argument is positional and the
/// rest are keywords by TensorFlow's parameter names).
enum OperationSignatures {
    /// Keras 3 operation classes (`keras.src.ops.*`); settings such as `axis` come from the
    /// operation's config under the same names.
    static let keras3: [String: OperationSignature] = {
        var table: [String: OperationSignature] = [:]
        let binary = ["Add": "add", "Subtract": "subtract", "Multiply": "multiply", "Divide": "divide", "TrueDivide": "divide",
                      "Power": "power", "Maximum": "maximum", "Minimum": "minimum", "Greater": "greater", "GreaterEqual": "greater_equal",
                      "Less": "less", "LessEqual": "less_equal", "Equal": "equal", "NotEqual": "not_equal", "Matmul": "matmul",
                      "LogicalAnd": "logical_and", "LogicalOr": "logical_or", "LogicalXor": "logical_xor", "Mod": "mod",
                      "FloorDivide": "floor_divide"]
        for (name, op) in binary { table[name] = OperationSignature(op, ["x1", "x2"]) }
        let unary = ["Negative": "negative", "Abs": "abs", "Absolute": "abs", "Exp": "exp", "Log": "log", "Sqrt": "sqrt", "Rsqrt": "rsqrt",
                     "Square": "square", "Erf": "erf", "Floor": "floor", "Ceil": "ceil", "Round": "round", "Sign": "sign",
                     "Reciprocal": "reciprocal", "Sin": "sin", "Cos": "cos", "Tan": "tan", "Arcsin": "arcsin", "Arccos": "arccos",
                     "Arctan": "arctan", "Sinh": "sinh", "Cosh": "cosh", "Arcsinh": "arcsinh", "Arccosh": "arccosh", "Arctanh": "arctanh",
                     "Log1p": "log1p", "Expm1": "expm1", "Log2": "log2", "Log10": "log10", "Isnan": "isnan", "Isinf": "isinf",
                     "Isfinite": "isfinite", "LogicalNot": "logical_not", "Selu": "selu", "Softsign": "softsign", "Celu": "celu",
                     "HardTanh": "hard_tanh", "LogSigmoid": "log_sigmoid", "Argmax": "argmax", "Argmin": "argmin", "Prod": "prod",
                     "Var": "var", "Std": "std", "Logsumexp": "logsumexp", "Cumsum": "cumsum", "Cumprod": "cumprod",
                     "Moveaxis": "moveaxis", "Swapaxes": "swapaxes", "Flip": "flip", "Tile": "tile", "Pad": "pad",
                     "StopGradient": "stop_gradient", "Tanh": "tanh", "Sigmoid": "sigmoid", "Relu": "relu", "Relu6": "relu6",
                     "HardSigmoid": "hard_sigmoid", "HardSilu": "hard_silu", "Silu": "silu", "Gelu": "gelu", "Softmax": "softmax",
                     "LogSoftmax": "log_softmax", "LeakyRelu": "leaky_relu", "Elu": "elu", "Softplus": "softplus",
                     "Reshape": "reshape", "Transpose": "transpose", "ExpandDims": "expand_dims", "Squeeze": "squeeze",
                     "Split": "split", "Mean": "mean", "Sum": "sum", "Max": "max", "Min": "min", "Clip": "clip", "Cast": "cast"]
        for (name, op) in unary { table[name] = OperationSignature(op, ["x"]) }
        table["GetItem"] = OperationSignature("get_item", ["x", "key"])
        table["Concatenate"] = OperationSignature("concatenate", ["xs"])
        table["Stack"] = OperationSignature("stack", ["xs"])
        table["Where"] = OperationSignature("where", ["condition", "x1", "x2"])
        table["Einsum"] = OperationSignature("einsum", ["*operands"])
        return table
    }()

    /// TensorFlow functions by the name a TFOpLambda's `function` records (`math.add`).
    static let tensorFlow: [String: OperationSignature] = {
        var table: [String: OperationSignature] = [:]
        func binary(_ op: String, _ functions: String...) {
            for f in functions { table[f] = OperationSignature(op, ["x1"], renamed: ["x": "x1", "y": "x2"]) }
        }
        binary("add", "__operators__.add", "math.add")
        binary("subtract", "math.subtract")
        binary("multiply", "math.multiply")
        binary("divide", "math.truediv", "math.divide")
        binary("power", "math.pow")
        binary("maximum", "math.maximum")
        binary("minimum", "math.minimum")
        binary("greater", "math.greater")
        binary("greater_equal", "math.greater_equal")
        binary("less", "math.less")
        binary("less_equal", "math.less_equal")
        binary("equal", "math.equal")
        binary("not_equal", "math.not_equal")
        binary("logical_and", "math.logical_and")
        binary("logical_or", "math.logical_or")
        binary("logical_xor", "math.logical_xor")
        binary("mod", "math.floormod", "math.mod")
        binary("floor_divide", "math.floordiv", "compat.v1.floor_div", "__operators__.floordiv")
        func unary(_ op: String, first: String = "x", renamed: [String: String] = [:], defaults: [String: String] = [:], _ functions: String...) {
            for f in functions {
                table[f] = OperationSignature(op, ["x"], renamed: renamed.merging([first: "x"]) { a, _ in a }, defaults: defaults)
            }
        }
        unary("negative", "math.negative")
        unary("abs", "math.abs")
        unary("exp", "math.exp")
        unary("log", "math.log")
        unary("sqrt", "math.sqrt")
        unary("rsqrt", "math.rsqrt")
        unary("square", "math.square")
        unary("erf", "math.erf")
        unary("floor", "math.floor")
        unary("ceil", "math.ceil")
        unary("round", "math.round")
        unary("sign", "math.sign")
        unary("reciprocal", "math.reciprocal")
        for (op, function) in [("sin", "sin"), ("cos", "cos"), ("tan", "tan"), ("arcsin", "asin"), ("arccos", "acos"), ("arctan", "atan"),
                               ("sinh", "sinh"), ("cosh", "cosh"), ("arcsinh", "asinh"), ("arccosh", "acosh"), ("arctanh", "atanh"),
                               ("log1p", "log1p"), ("expm1", "expm1"), ("isnan", "is_nan"), ("isinf", "is_inf"), ("isfinite", "is_finite"),
                               ("logical_not", "logical_not"), ("log_sigmoid", "log_sigmoid")] {
            unary(op, "math.\(function)")
        }
        unary("selu", first: "features", "nn.selu")
        unary("softsign", first: "features", "nn.softsign", "math.softsign")
        unary("stop_gradient", first: "input", "stop_gradient")
        for (op, function) in [("prod", "reduce_prod"), ("var", "reduce_variance"), ("std", "reduce_std"), ("logsumexp", "reduce_logsumexp")] {
            unary(op, first: "input_tensor", renamed: ["keep_dims": "keepdims"], "math.\(function)", function)
        }
        for (op, function) in [("argmax", "argmax"), ("argmin", "argmin")] {
            unary(op, first: "input", renamed: ["dimension": "axis"], defaults: ["axis": "0"], "math.\(function)", function)
        }
        for (op, function) in [("cumsum", "cumsum"), ("cumprod", "cumprod")] {
            unary(op, defaults: ["axis": "0"], "math.\(function)", function)
        }
        unary("flip", first: "tensor", "reverse")
        unary("tile", first: "input", renamed: ["multiples": "repeats"], "tile")
        unary("pad", first: "tensor", renamed: ["paddings": "pad_width"], "pad", "compat.v1.pad")
        unary("tanh", "math.tanh", "nn.tanh")
        unary("sigmoid", "math.sigmoid", "nn.sigmoid")
        unary("relu", first: "features", "nn.relu")
        unary("relu6", first: "features", "nn.relu6")
        unary("silu", first: "features", "nn.silu", "nn.swish")
        unary("gelu", first: "features", defaults: ["approximate": "false"], "nn.gelu")
        unary("softmax", first: "logits", defaults: ["axis": "-1"], "nn.softmax", "math.softmax")
        unary("log_softmax", first: "logits", defaults: ["axis": "-1"], "nn.log_softmax", "math.log_softmax")
        unary("leaky_relu", first: "features", renamed: ["alpha": "negative_slope"], defaults: ["negative_slope": "0.2"], "nn.leaky_relu")
        unary("elu", first: "features", "nn.elu")
        unary("softplus", first: "features", "nn.softplus", "math.softplus")
        unary("reshape", first: "tensor", renamed: ["shape": "newshape"], "reshape")
        unary("transpose", first: "a", renamed: ["perm": "axes"], "transpose", "compat.v1.transpose")
        unary("expand_dims", first: "input", "expand_dims", "compat.v1.expand_dims")
        unary("squeeze", first: "input", renamed: ["squeeze_dims": "axis"], "squeeze", "compat.v1.squeeze")
        unary("tf_split", first: "value", "split")
        for (op, function) in [("mean", "reduce_mean"), ("sum", "reduce_sum"), ("max", "reduce_max"), ("min", "reduce_min")] {
            unary(op, first: "input_tensor", renamed: ["keep_dims": "keepdims"], "math.\(function)", function)
        }
        unary("clip", first: "t", renamed: ["clip_value_min": "x_min", "clip_value_max": "x_max"], "clip_by_value")
        unary("cast", "cast", "dtypes.cast")
        unary("get_item", first: "tensor", renamed: ["slice_spec": "key"], "__operators__.getitem")
        table["concat"] = OperationSignature("concatenate", ["xs"], renamed: ["values": "xs"])
        table["stack"] = OperationSignature("stack", ["xs"], renamed: ["values": "xs"])
        table["linalg.matmul"] = OperationSignature("matmul", ["x1"], renamed: ["a": "x1", "b": "x2"])
        table["where"] = OperationSignature("where", ["condition"], renamed: ["x": "x1", "y": "x2"])
        table["einsum"] = OperationSignature("einsum", ["subscripts"], renamed: ["equation": "subscripts", "inputs": "operands"])
        return table
    }()
}
