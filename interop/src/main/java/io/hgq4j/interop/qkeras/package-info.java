/**
 * Import of QKeras models (Keras 2 JSON + weights, or a full-model HDF5 file) into the firmware model:
 * {@link io.hgq4j.interop.qkeras.QKerasImporter} is the entry point, {@link io.hgq4j.interop.qkeras.Precision} the
 * user types for layers without a quantizer, {@link io.hgq4j.interop.qkeras.QKerasImportException} the one error.
 */
package io.hgq4j.interop.qkeras;
