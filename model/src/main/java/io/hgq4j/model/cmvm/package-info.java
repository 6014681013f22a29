/**
 * Constant-matrix–vector multiplication as a shift-add graph: the arithmetic of a Dense or Conv layer with no
 * multiplier, for the Verilog backend ({@link io.hgq4j.model.cmvm.AdderGraph}).
 *
 * <p>Algorithm (own implementation after the description of da4ml's CMVM stage 2, arXiv:2507.04535; no code taken):
 * <ol>
 *   <li>Every entry M[i][j] is written in canonical signed digits (non-adjacent form), so output j starts as the set
 *       of terms ±(a_i &lt;&lt; k), one per non-zero digit.</li>
 *   <li>Greedy sharing: the two-term pattern x ± (y &lt;&lt; s) that occurs, up to a common shift and sign, in the
 *       most places over all outputs becomes one adder and replaces each of its (non-overlapping) occurrences by one
 *       term; repeated until no pattern occurs twice. Ties go to the smallest (x, y, s, sign), so the result is
 *       deterministic. Counts are kept lazily in a heap (see {@code CseOptimizer}), which is what makes a 500×500
 *       matrix take seconds rather than minutes.</li>
 *   <li>Each output's remaining terms are summed in a tree of minimal depth (always the two shallowest terms first),
 *       identical adders being shared.</li>
 * </ol>
 *
 * <p>{@link io.hgq4j.model.cmvm.CmvmOptions#maxExtraDepth()} bounds, per output, how many adder levels sharing may
 * add over that output's minimum ⌈log2 digits⌉. da4ml's optional first stage (a minimum-spanning-tree decomposition
 * of the columns, W = W1·W2) is not implemented.
 */
package io.hgq4j.model.cmvm;
