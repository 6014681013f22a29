/**
 * HGQ quantization-aware training on ND4J: learnable per-weight and per-activation bitwidths, EBOPs, calibration and export to the firmware model.
 *
 * <p>Not built yet: this module is a skeleton that fixes its place in the dependency graph
 * (see {@code docs/ARCHITECTURE.md}).
 */
package io.hgq4j.quantizer;
