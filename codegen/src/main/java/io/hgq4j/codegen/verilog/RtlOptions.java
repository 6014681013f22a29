package io.hgq4j.codegen.verilog;

import io.hgq4j.codegen.CodegenException;
import io.hgq4j.model.cmvm.CmvmOptions;

/**
 * What a Verilog design is generated for, beyond the model.
 *
 * @param project       the design name: the core module {@code project}, the wrapper {@code project_axis}
 * @param pipelineEvery adder levels between pipeline registers (≥ 1)
 * @param wordBits      the AXI-Stream data width samples are packed into (8, 16, 32 or 64)
 * @param cmvm          how the shift-add graphs trade adders against depth
 */
public record RtlOptions(String project, int pipelineEvery, int wordBits, CmvmOptions cmvm) {

    /** Validates the fields. */
    public RtlOptions {
        if (project == null || !project.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new CodegenException("design name '" + project + "' must be a Verilog identifier");
        }
        if (pipelineEvery < 1) {
            throw new CodegenException("--pipeline-every " + pipelineEvery + ": expected at least 1 adder level");
        }
        if (wordBits != 8 && wordBits != 16 && wordBits != 32 && wordBits != 64) {
            throw new CodegenException("bus words must be 8, 16, 32 or 64 bits, got " + wordBits);
        }
    }
}
