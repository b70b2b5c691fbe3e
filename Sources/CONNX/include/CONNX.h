/* Umbrella header of the CONNX module, written by Schemas/generate.sh. DO NOT EDIT!
 * Swift code uses `import CONNX` to reach the protobuf-c ONNX messages, e.g.
 * onnx__model_proto__unpack / onnx__model_proto__free_unpacked. */
#ifndef CONNX_H
#define CONNX_H
#include "onnx.pb-c.h"
#endif
