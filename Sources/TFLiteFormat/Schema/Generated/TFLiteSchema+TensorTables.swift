// Generated from Schemas/tflite.fbs by Schemas/generate-tflite.sh (flatc's binary schema,
// read by Schemas/tflite-codegen). DO NOT EDIT: change the schema and rerun `make schemas`.

extension TFLiteSchema {
    /// Fields of `table BlockwiseQuantization`.
    enum BlockwiseQuantization {
        static let scales = TableField(0, "scales", .int32)
        static let zeroPoints = TableField(1, "zero_points", .int32)
        static let blockSize = TableField(2, "block_size", .int32)
        static let blockShape = TableField(3, "block_shape", .vector(.int32))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [scales, zeroPoints, blockSize, blockShape]
    }

    /// Fields of `table CustomQuantization`.
    enum CustomQuantization {
        static let custom = TableField(0, "custom", .vector(.uint8))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [custom]
    }

    /// Fields of `table DimensionMetadata`.
    enum DimensionMetadata {
        static let format = TableField(0, "format", .int8)  // DimensionType
        static let denseSize = TableField(1, "dense_size", .int32)
        static let arraySegmentsType = TableField(2, "array_segments_type", .uint8)  // type code of SparseIndexVector
        static let arraySegments = TableField(3, "array_segments", .union("SparseIndexVector"))
        static let arrayIndicesType = TableField(4, "array_indices_type", .uint8)  // type code of SparseIndexVector
        static let arrayIndices = TableField(5, "array_indices", .union("SparseIndexVector"))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [format, denseSize, arraySegmentsType, arraySegments, arrayIndicesType, arrayIndices]
    }

    /// Fields of `table Int32Vector`.
    enum Int32Vector {
        static let values = TableField(0, "values", .vector(.int32))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [values]
    }

    /// Fields of `table MultiAxisQuantization`.
    enum MultiAxisQuantization {
        static let scales = TableField(0, "scales", .int32)
        static let zeroPoints = TableField(1, "zero_points", .int32)
        static let blockSize = TableField(2, "block_size", .int32)
        static let quantizedDimensions = TableField(3, "quantized_dimensions", .vector(.int32))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [scales, zeroPoints, blockSize, quantizedDimensions]
    }

    /// Fields of `table QuantizationParameters`.
    enum QuantizationParameters {
        static let min = TableField(0, "min", .vector(.float))
        static let max = TableField(1, "max", .vector(.float))
        static let scale = TableField(2, "scale", .vector(.float))
        static let zeroPoint = TableField(3, "zero_point", .vector(.int64))
        static let detailsType = TableField(4, "details_type", .uint8)  // type code of QuantizationDetails
        static let details = TableField(5, "details", .union("QuantizationDetails"))
        static let quantizedDimension = TableField(6, "quantized_dimension", .int32)

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [min, max, scale, zeroPoint, detailsType, details, quantizedDimension]
    }

    /// Fields of `table SparsityParameters`.
    enum SparsityParameters {
        static let traversalOrder = TableField(0, "traversal_order", .vector(.int32))
        static let blockMap = TableField(1, "block_map", .vector(.int32))
        static let dimMetadata = TableField(2, "dim_metadata", .vector(.table("DimensionMetadata")))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [traversalOrder, blockMap, dimMetadata]
    }

    /// Fields of `table Uint16Vector`.
    enum Uint16Vector {
        static let values = TableField(0, "values", .vector(.uint16))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [values]
    }

    /// Fields of `table Uint8Vector`.
    enum Uint8Vector {
        static let values = TableField(0, "values", .vector(.uint8))

        /// Every field in slot order (deprecated ones left out).
        static let fields: [TableField] = [values]
    }
}
