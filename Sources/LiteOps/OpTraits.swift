/// What passes need to know about an operator without naming it: what kind of computation it
/// is, where it keeps axis numbers (so a transpose of its data can be moved past it), and how
/// its output channels follow from its input channels. Each op states its traits once, in its
/// ``OpSpec``; the layout pass, reduction fusion, affine and gather folding and the lowering read
/// them.
public struct OpTraits: Sendable, Equatable {
    public var category: OpCategory
    public var axes: AxisRule
    public var channels: ChannelRule
    /// What the op's own spatial `pads` fill with, for a window op that has them.
    public var padFill: PadFill?

    public init(_ category: OpCategory, axes: AxisRule = .none, channels: ChannelRule = .opaque, padFill: PadFill? = nil) {
        self.category = category
        self.axes = axes
        self.channels = channels
        self.padFill = padFill
    }

    /// Each output element depends only on the same element of the (numpy-broadcast) inputs:
    /// the op commutes with any transpose or reshape applied to all its inputs alike.
    public static let elementwise = OpTraits(.elementwise, channels: .perChannel)
    /// Combines the elements along the `axes` list (`keepdims`, `noop_with_empty_axes`).
    public static let reduction = OpTraits(.reduction, axes: .reducedAxes)
    public static let other = OpTraits(.other)
}

public enum OpCategory: Sendable, Equatable {
    case elementwise
    /// Combines elements along axes (ReduceMean, ArgMax, …).
    case reduction
    /// Moves, selects or repeats elements without computing new values (Concat, Slice, Gather,
    /// Pad, Reshape, Transpose, …).
    case dataMovement
    /// The result follows from the input's shape alone (Shape, EyeLike).
    case shapeOnly
    /// Takes NHWC (NDHWC) data: its axes have fixed meanings, so a layout change stops at it
    /// (convolutions, pools, LRN, Resize2D, DepthToSpace, …).
    case layoutBound
    case other
}

/// Where an op keeps axis numbers of its data input, i.e. what a permutation of that input's
/// axes changes in its attributes.
public enum AxisRule: Sendable, Equatable {
    /// No axis attributes (elementwise ops commute with any permutation).
    case none
    /// One axis in attribute `name` (negative counts from the end). `allInputs`: every input is
    /// data permuted alike (Concat); otherwise only the first.
    case axis(_ name: String, default: Int, allInputs: Bool = false)
    /// A list `axes` of reduced axes; `keepdims` (default 1) keeps them as unit dims, and no axes
    /// means all of them unless `noop_with_empty_axes`.
    case reducedAxes
    /// One reduced axis `axis` (default 0); `keepdims` (default 1) keeps it (ArgMax).
    case reducedAxis
    /// A begin value for every axis, then an end value for every axis, in attribute `name` (Pad).
    case beginEnd(_ name: String)
    /// One value per axis in each of the attributes (Slice's starts, ends, steps).
    case perAxis([String])
    /// Selects along `axis` (default 0) by its second input; a scalar index drops the axis (Gather).
    case selection(_ name: String)
    /// A target shape (Reshape): only reshapes that insert or drop unit dims commute.
    case targetShape
    /// Quantize and Dequantize: element by element, with per-axis parameters along `axis` when
    /// the node has one.
    case quantizationAxis
}

/// The value a window op's own `pads` stand for, so a constant Pad before it can fold into them.
public enum PadFill: Sendable, Equatable {
    /// Zeros (convolutions).
    case zero
    /// Zeros counted in the window only with `count_include_pad` (average pools).
    case countedZero
    /// Never selected: lower than every value (max pools).
    case lowest
}

/// How an op's output channels (the last, NHWC axis) follow from its input channels — what
/// folding per-channel constants and channel selections into weights, and channel pruning, rely on.
public enum ChannelRule: Sendable, Equatable {
    /// Output channel c is computed from channel c of the (broadcast) inputs only.
    case perChannel
    /// A weighted sum over input channels with constant-shaped weights at input 1.
    case weighted(WeightLayout)
    /// Anything else: channels are not traced through it.
    case opaque
}

/// The axes of a weighted layer's weights (input 1) and its bias.
public struct WeightLayout: Sendable, Equatable {
    /// The weights' axis indexed by output channel, and the one by input channel (negative
    /// counts from the end).
    public var outputAxis: Int, inputAxis: Int
    /// The input holding an optional bias with one entry per output channel, if any.
    public var bias: Int?
    /// Whether each input element is spread over an output window (transposed convolution):
    /// then a constant shift of the input is not a constant shift of the output.
    public var scatters: Bool

    public init(outputAxis: Int, inputAxis: Int, bias: Int?, scatters: Bool = false) {
        self.outputAxis = outputAxis
        self.inputAxis = inputAxis
        self.bias = bias
        self.scatters = scatters
    }

    /// `[O, …, C/group]` weights with an optional `[O]` bias at input 2 (Conv2D, Conv3D,
    /// FullyConnected).
    public static let outputFirst = WeightLayout(outputAxis: 0, inputAxis: -1, bias: 2)
}

extension OpRegistry {
    /// The traits of `op`; an unregistered op has none worth knowing.
    public static func traits(_ op: String) -> OpTraits { specs[op]?.traits ?? .other }
}
