/**
 * Shapes, per-element fixed-point types ({@link io.hgq4j.model.tensor.TensorType}) and tensors of exact codes.
 */
package io.hgq4j.model.tensor;
