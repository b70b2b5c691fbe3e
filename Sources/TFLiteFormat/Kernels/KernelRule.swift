import LiteIR

/// The builtin kernel sets of the official runtime. A file LiteConvert writes must mean the same
/// to both, and to the XNNPACK delegate that the default resolver puts in front of them.
enum KernelSet: String, CaseIterable, Sendable {
    /// The optimized kernels (`BuiltinOpResolver`, tflite/core/kernels/register.cc).
    case builtin
    /// The reference kernels (`BuiltinRefOpResolver`, tflite/kernels/register_ref.cc).
    case reference
}

/// How a builtin's kernel treats its `fused_activation_function` option.
enum ActivationRule: Sendable {
    /// The options have no such field.
    case absent
    /// RELU, RELU6 and RELU_N1_TO_1 clamp the result; NONE, TANH and SIGN_BIT clamp it to the
    /// finite float range only (`CalculateActivationRange`, kernel_util.h), so a float result of
    /// ±inf becomes ±FLT_MAX. XNNPACK clamps NONE to ±inf and refuses TANH and SIGN_BIT (the node
    /// then runs on the builtin kernel).
    case clamps(OptionField)
    /// As `clamps`, but Prepare refuses TANH and SIGN_BIT (FULLY_CONNECTED).
    case clampsRefusingOthers(OptionField)
    /// Prepare refuses anything but NONE (CONCATENATION, L2_NORMALIZATION; XNNPACK silently drops
    /// a CONCATENATION's activation).
    case mustBeNone(OptionField)

    var field: OptionField? {
        switch self {
        case .absent: nil
        case .clamps(let f), .clampsRefusingOthers(let f), .mustBeNone(let f): f
        }
    }
}

/// What an operator check sees: the operator, its tensors' types and its constant inputs.
struct OperatorView {
    let op: TFLiteOperator
    let types: [String: TensorType]
    let constants: [String: Tensor]

    /// The type of input `i`, nil when omitted.
    func input(_ i: Int) -> TensorType? {
        i < op.inputs.count && !op.inputs[i].isEmpty ? types[op.inputs[i]] : nil
    }

    /// The constant value of input `i`, nil when it is omitted or computed at run time.
    func constant(_ i: Int) -> Tensor? {
        i < op.inputs.count && !op.inputs[i].isEmpty ? constants[op.inputs[i]] : nil
    }

    func output(_ i: Int = 0) -> TensorType? { i < op.outputs.count ? types[op.outputs[i]] : nil }

    func option(_ field: OptionField) -> Int { op.options?.int(field) ?? Int(field.defaultValue) }

    /// Whether input `i` is given (present and not the -1 "omitted" index).
    func has(_ i: Int) -> Bool { i < op.inputs.count && !op.inputs[i].isEmpty }
}

/// Whom a failed check concerns.
enum CheckScope: Sendable {
    /// TFLite's builtin kernels refuse the operator (or misread it): the writer never emits it and
    /// the reader refuses it.
    case allKernels
    /// Only the reference kernels refuse it or compute it differently: the writer never emits it;
    /// a file from elsewhere still runs on the optimized kernels, so the reader reads it.
    case referenceKernels
    /// TFLite accepts the operator but computes something other than the IR op the writer maps
    /// onto it: the writer must emit another form; the reader reads it by TFLite's meaning.
    case writtenForm
}

/// One condition a kernel's Prepare (or Eval) checks.
struct KernelCheck: Sendable {
    /// The rule, as a refusal states it (e.g. "the paddings must not be negative").
    let rule: String
    let scope: CheckScope
    let holds: @Sendable (OperatorView) -> Bool

    init(_ rule: String, scope: CheckScope = .allKernels, _ holds: @escaping @Sendable (OperatorView) -> Bool) {
        self.rule = rule
        self.scope = scope
        self.holds = holds
    }
}

/// What TFLite's kernels accept for one builtin, read from their Prepare and Eval
/// (tflite/kernels/*.cc) and the resolvers' registrations.
struct KernelRule: Sendable {
    let op: BuiltinOperator
    /// The operator versions each kernel set registers; a set missing here has no kernel at all.
    let versions: [KernelSet: ClosedRange<Int32>]
    /// The input whose element type selects the kernel.
    let dataInput: Int
    /// Element types the kernel computes (without quantization), with the operator version
    /// each needs (tflite/converter/tools/versioning/op_version.cc).
    let types: [DType: Int32]
    /// The types it computes quantized, with their versions; nil: `types` (kernels that only
    /// move values take quantized ones as they are).
    let quantized: [DType: Int32]?
    /// Ranks the data input may have.
    let ranks: ClosedRange<Int>?
    let activation: ActivationRule
    let checks: [KernelCheck]

    init(_ op: BuiltinOperator, versions builtin: ClosedRange<Int32>, reference: ClosedRange<Int32>?, input dataInput: Int = 0,
         types: [DType: Int32], quantized: [DType: Int32]? = nil, ranks: ClosedRange<Int>? = nil, activation: ActivationRule = .absent,
         checks: [KernelCheck] = []) {
        self.op = op
        var versions = [KernelSet.builtin: builtin]
        if let reference { versions[.reference] = reference }
        self.versions = versions
        self.dataInput = dataInput
        self.types = types
        self.quantized = quantized
        self.ranks = ranks
        self.activation = activation
        self.checks = checks
    }
}
