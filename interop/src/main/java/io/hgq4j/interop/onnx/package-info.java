/**
 * Import of ONNX and QONNX models into the firmware model: {@link io.hgq4j.interop.onnx.OnnxImporter}. QONNX
 * {@code Quant} nodes with power-of-two scales and zero zero-points become exact fixed-point conversions; float
 * models are imported with a user-given {@link io.hgq4j.interop.onnx.Precision}.
 */
package io.hgq4j.interop.onnx;
