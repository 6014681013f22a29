package io.hgq4j.codegen.verilog;

import java.util.List;

/**
 * One layer as RTL: a module with ports {@code clk}, one input bus per layer input ({@code x0}, {@code x1}, ...) and
 * the output bus {@code y}, whose result appears {@code latency} clock cycles after its inputs (0: combinational).
 *
 * @param layer   the IR layer name
 * @param module  the Verilog module name
 * @param source  the module's Verilog text (empty for pure wiring, which the top writes inline)
 * @param latency register stages from inputs to output
 * @param inputs  the IR names of the layers it reads, in port order
 * @param helpers modules the layer's module instantiates, by name (each goes into a file of its own)
 */
record LayerRtl(String layer, String module, String source, int latency, List<String> inputs,
                java.util.Map<String, String> helpers) {

    /** Whether the module has a clock port (a combinational layer has none). */
    boolean clocked() {
        return latency > 0;
    }
}
