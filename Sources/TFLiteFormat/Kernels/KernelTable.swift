import LiteIR
import LiteOps

/// Why an operator is outside what TFLite's kernels accept.
enum KernelViolation: CustomStringConvertible, Sendable {
    /// No kernel set registers this version (or the builtin at all).
    case version(Int32, registered: ClosedRange<Int32>?, set: KernelSet)
    case elementType(DType, quantized: Bool, accepted: [DType])
    case rank(Int, accepted: ClosedRange<Int>)
    /// A fused activation code the kernel refuses (or that the writer must not rely on).
    case activation(code: Int, rule: ActivationRule)
    /// The IR node's fused activation, which the builtin's options cannot hold.
    case unfusedActivation(FusedActivation)
    case check(KernelCheck)

    var description: String {
        switch self {
        case .version(let v, let registered?, let set):
            "TFLite's \(set.rawValue) kernels register versions \(registered.lowerBound)–\(registered.upperBound), not \(v)"
        case .version(_, nil, let set):
            "TFLite's \(set.rawValue) kernels have no kernel for it"
        case .elementType(let t, let quantized, let accepted):
            "the kernel computes \(quantized ? "quantized " : "")\(accepted.map(\.rawValue).sorted().joined(separator: ", ")), not \(quantized ? "quantized " : "")\(t)"
        case .rank(let r, let accepted):
            "the kernel takes \(accepted.upperBound == Int.max ? "rank ≥ \(accepted.lowerBound)" : "ranks \(accepted.lowerBound)–\(accepted.upperBound)"), not \(r)"
        case .activation(let code, _) where !TFLiteActivation.names.indices.contains(code):
            "there is no fused activation code \(code)"
        case .activation(let code, .mustBeNone):
            "its Prepare refuses any fused activation, here \(TFLiteActivation.name(code))"
        case .activation(let code, .clampsRefusingOthers):
            "its Prepare refuses the fused activation \(TFLiteActivation.name(code))"
        case .activation(let code, _):
            "the fused activation \(TFLiteActivation.name(code)) is ignored by the builtin kernels and refused by XNNPACK"
        case .unfusedActivation(let activation):
            "it has no fused activation to hold the node's \(activation.rawValue)"
        case .check(let check):
            check.rule
        }
    }
}

/// The kernel rules of every builtin LiteConvert writes or reads, and the check of an operator
/// against them. The writer keeps every file inside what both kernel sets (and XNNPACK) compute
/// alike; the reader refuses what the optimized builtin kernels refuse, where TFLite's
/// `AllocateTensors` would fail.
enum KernelTable {
    static let rules: [Int32: KernelRule] = {
        var table: [Int32: KernelRule] = [:]
        for rule in ElementwiseKernelRules.rules + WindowKernelRules.rules + ShapeKernelRules.rules + RecurrentKernelRules.rules
            + QuantizationKernelRules.rules {
            precondition(table[rule.op.code] == nil, "\(rule.op) has two kernel rules")
            table[rule.op.code] = rule
        }
        return table
    }()

    /// Who asks: the writer, for files every kernel set computes alike, or the reader, which
    /// refuses only what the optimized builtin kernels refuse.
    enum Audience: Sendable { case writer, reader }

    /// The rules `op` (at `version`) breaks; empty when the kernels take it.
    static func violations(of op: TFLiteOperator, version: Int32, in view: OperatorView, for audience: Audience) -> [KernelViolation] {
        guard let rule = rules[op.op.code] else { return [] }
        var found: [KernelViolation] = []
        let sets: [KernelSet] = audience == .writer ? KernelSet.allCases : [.builtin]
        for set in sets where !(rule.versions[set]?.contains(version) ?? false) {
            found.append(.version(version, registered: rule.versions[set], set: set))
        }
        if let data = view.input(rule.dataInput) {
            let types = rule.types(for: data)
            if types[data.dtype] == nil { found.append(.elementType(data.dtype, quantized: data.quantization != nil, accepted: Array(types.keys))) }
            if let ranks = rule.ranks, !ranks.contains(data.rank) { found.append(.rank(data.rank, accepted: ranks)) }
        }
        if let field = rule.activation.field {
            let code = view.option(field)
            let accepted: ClosedRange<Int> = switch (rule.activation, audience) {
            case (.mustBeNone, _): 0...0
            case (.clamps, .reader): 0...5
            default: 0...3
            }
            if !accepted.contains(code) { found.append(.activation(code: code, rule: rule.activation)) }
        }
        for check in rule.checks where !check.holds(view) {
            switch (check.scope, audience) {
            case (.allKernels, _), (_, .writer): found.append(.check(check))
            default: break
            }
        }
        return found
    }

    /// The rules the operator written for IR `node` breaks, the node's fused activation included
    /// (a builtin whose options cannot hold it would drop it).
    static func violations(of op: TFLiteOperator, writtenFor node: Node, in graph: Graph) -> [KernelViolation] {
        let view = OperatorView(op: op, types: graph.types, constants: graph.constants)
        var found = violations(of: op, version: op.version, in: view, for: .writer)
        if let activation = try? FusedActivation(node), let rule = rules[op.op.code] {
            switch rule.activation {
            case .absent, .mustBeNone: found.append(.unfusedActivation(activation))
            case .clamps, .clampsRefusingOthers: break
            }
        }
        return found
    }

    /// The operator version an element type needs, per the rule (1 when the rule names none).
    static func typeVersion(of op: TFLiteOperator, in view: OperatorView) -> Int32 {
        guard let rule = rules[op.op.code], let data = view.input(rule.dataInput) else { return 1 }
        return rule.types(for: data)[data.dtype] ?? 1
    }
}

extension KernelRule {
    /// The element types the kernel computes for a data operand of `type`, quantized or not.
    func types(for type: TensorType) -> [DType: Int32] {
        type.quantization == nil ? types : quantized ?? types
    }
}
