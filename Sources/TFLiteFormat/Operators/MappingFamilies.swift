/// A family of operator mappings: its IR → TFLite writers and TFLite → IR readers.
protocol MappingFamily {
    static var writers: [String: OperatorWriter] { get }
    static var readers: [Int32: OperatorReader] { get }
}

extension WindowMappings: MappingFamily {}
extension ElementwiseMappings: MappingFamily {}
extension ShapeMappings: MappingFamily {}
extension ResizeMappings: MappingFamily {}
extension IndexMappings: MappingFamily {}
extension SequenceMappings: MappingFamily {}
extension SplitMappings: MappingFamily {}
extension RecurrentMappings: MappingFamily {}
extension QuantizationMappings: MappingFamily {}

/// Every mapping family, the one list the writer and the reader merge their tables from.
enum MappingFamilies {
    static var all: [any MappingFamily.Type] {
        [WindowMappings.self, ElementwiseMappings.self, ShapeMappings.self, ResizeMappings.self,
         IndexMappings.self, SequenceMappings.self, SplitMappings.self, RecurrentMappings.self, QuantizationMappings.self]
    }
}
