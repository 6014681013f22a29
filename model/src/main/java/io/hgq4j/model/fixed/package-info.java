/**
 * Fixed-point types and exact arithmetic with the semantics of the vendor's {@code ap_fixed} headers: the single
 * place where rounding and overflow are defined ({@link io.hgq4j.model.fixed.FixedCast}).
 */
package io.hgq4j.model.fixed;
