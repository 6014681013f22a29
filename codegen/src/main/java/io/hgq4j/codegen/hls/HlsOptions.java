package io.hgq4j.codegen.hls;

import io.hgq4j.codegen.CodegenException;

/**
 * What an HLS project is generated for, beyond the model.
 *
 * @param project        the C++ name of the project: the top function and file names (letters, digits, '_')
 * @param wrapper        the top-level wrapper: AXI-Stream for Zynq, a Vitis kernel for Alveo
 * @param wordBits       the width of the bus words samples are packed into (8, 16, 32 or 64)
 */
public record HlsOptions(String project, Target wrapper, int wordBits) {

    /** The top-level wrapper a board needs. */
    public enum Target {
        /** AXI-Stream in and out with TLAST, driven by an AXI DMA (Zynq, PYNQ). */
        ZYNQ_AXI_STREAM,
        /** m_axi buffers and an s_axilite batch count, started by XRT (Alveo). */
        ALVEO_KERNEL
    }

    /** Validates the name and width. */
    public HlsOptions {
        if (project == null || !project.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new CodegenException("project name '" + project + "' must be a C identifier: a letter or '_', then "
                    + "letters, digits or '_' (at most 64)");
        }
        if (wordBits != 8 && wordBits != 16 && wordBits != 32 && wordBits != 64) {
            throw new CodegenException("bus words must be 8, 16, 32 or 64 bits, got " + wordBits);
        }
    }

    /** A C identifier made from a model name (other characters become '_'). */
    public static String projectName(String modelName) {
        String s = modelName.replaceAll("[^A-Za-z0-9_]", "_");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0)) && s.charAt(0) != '_') {
            s = "m_" + s;
        }
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    FirmwareEmitter.Wrapper firmwareWrapper() {
        return wrapper == Target.ZYNQ_AXI_STREAM ? FirmwareEmitter.Wrapper.AXI_STREAM : FirmwareEmitter.Wrapper.ALVEO_KERNEL;
    }
}
