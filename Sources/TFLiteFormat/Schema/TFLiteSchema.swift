/// Declarations of the TFLite schema (Schemas/tflite.fbs) under their schema names: the enums
/// with their codes, the unions with their members' type codes, and the fields of the tables
/// the writer and reader encode. All generated, in Generated/ (`make schemas`).
enum TFLiteSchema {}
