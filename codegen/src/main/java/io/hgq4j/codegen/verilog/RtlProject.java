package io.hgq4j.codegen.verilog;

import io.hgq4j.codegen.CodegenException;
import io.hgq4j.codegen.FlatPorts;
import io.hgq4j.emulator.Emulator;
import io.hgq4j.emulator.timing.RtlTimingModel;
import io.hgq4j.model.deploy.PackedLayout;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Layer;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.TensorType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A synthesizable Verilog-2001 design of a model: one module per layer (Dense and Conv as shift-add graphs without
 * multipliers), the core {@code NAME} (a new sample every cycle, fixed latency, valid in and out), the AXI-Stream
 * wrapper {@code NAME_axis} with the HLS backend's packed word layout, a file list, a Vivado TCL that adds the
 * sources, a Makefile, and a Verilator testbench with its data from the emulator:
 * <pre>
 * rtl/*.v  rtl/files.f  rtl/add_sources.tcl  tb/NAME_axis_tb.cpp  tb/tb_input_words.txt  tb/tb_output_words.txt  Makefile
 * </pre>
 */
public final class RtlProject {

    private final FirmwareModel model;
    private final RtlOptions options;
    private final RtlTimingModel timing;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> layerModules = new LinkedHashMap<>();
    private final Map<String, List<String>> layerHelpers = new LinkedHashMap<>();
    private final TensorType inputs;
    private final TensorType outputs;
    private final PackedLayout inLayout;
    private final PackedLayout outLayout;
    private final int latency;

    private RtlProject(FirmwareModel model, RtlOptions options) {
        this.model = model;
        this.options = options;
        this.timing = new RtlTimingModel(options.pipelineEvery(), options.cmvm());
        this.inputs = FlatPorts.flat(model, model.inputs().stream().map(Input::name).toList());
        this.outputs = FlatPorts.flat(model, model.outputs());
        try {
            this.inLayout = new PackedLayout(inputs.size(), FlatPorts.storable(inputs.storageType()), options.wordBits());
            this.outLayout = new PackedLayout(outputs.size(), FlatPorts.storable(outputs.storageType()), options.wordBits());
        } catch (IllegalArgumentException e) {
            throw new CodegenException("model '" + model.name() + "': " + e.getMessage());
        }
        List<LayerRtl> layers = new ArrayList<>();
        CmvmEmitter cmvm = new CmvmEmitter(model, timing);
        ElementEmitter elements = new ElementEmitter(model, timing);
        Map<String, Integer> used = new LinkedHashMap<>();
        for (Layer layer : model.layers()) {
            if (layer instanceof Input) {
                continue;
            }
            String base = "l_" + layer.name().replaceAll("[^A-Za-z0-9_]", "_");
            int n = used.merge(base, 1, Integer::sum);
            String module = options.project() + "_" + (n == 1 ? base : base + "_" + n);
            LayerRtl rtl = layer instanceof Dense || layer instanceof Conv ? cmvm.emit(layer, module)
                    : elements.emit(layer, module);
            layers.add(rtl);
            layerModules.put(layer.name(), module);
            layerHelpers.put(layer.name(), List.copyOf(rtl.helpers().keySet()));
            rtl.helpers().forEach((name, text) -> sources.put(name + ".v", text));
            sources.put(module + ".v", rtl.source());
        }
        int[] latencyOut = new int[1];
        String core = TopEmitter.core(options.project(), model, layers, latencyOut);
        this.latency = latencyOut[0];
        sources.put("hgq4j_delay.v", TopEmitter.delayModule());
        sources.put(options.project() + ".v", core);
        sources.put(wrapper() + ".v", AxisWrapperEmitter.source(wrapper(), options.project(), inputs, outputs, inLayout,
                outLayout, latency));
    }

    /**
     * Generates the design of {@code model}.
     *
     * @throws CodegenException if a layer is not supported or a sample does not fit the bus
     */
    public static RtlProject generate(FirmwareModel model, RtlOptions options) {
        return new RtlProject(model, options);
    }

    /** The core's latency in cycles ({@link RtlTimingModel}). */
    public int latency() {
        return latency;
    }

    /** Cycles from accepting a sample's last input word to its first output word. */
    public int wrapperLatency() {
        return latency + AxisWrapperEmitter.OVERHEAD_CYCLES;
    }

    /** The module of each layer (not the input), by layer name, in model order. */
    public Map<String, String> layerModules() {
        return java.util.Collections.unmodifiableMap(layerModules);
    }

    /** Every module of a layer: its own and those it instantiates (the shift-add graphs). */
    public List<String> modulesOf(String layer) {
        List<String> all = new ArrayList<>();
        all.add(layerModules.get(layer));
        all.addAll(layerHelpers.getOrDefault(layer, List.of()));
        return all;
    }

    /** The core module's name. */
    public String core() {
        return options.project();
    }

    /** The wrapper module's name. */
    public String wrapper() {
        return options.project() + "_axis";
    }

    /** How input samples are packed. */
    public PackedLayout inputLayout() {
        return inLayout;
    }

    /** How output samples are packed. */
    public PackedLayout outputLayout() {
        return outLayout;
    }

    /** The Verilog sources by file name, dependencies first. */
    public Map<String, String> sources() {
        return Map.copyOf(sources);
    }

    /** The source file names, dependencies first. */
    public List<String> sourceFiles() {
        return List.copyOf(sources.keySet());
    }

    /**
     * Writes the design under {@code out} with testbench data: {@code samples} (real input values, one row per
     * sample) packed as input words, and the emulator's outputs for them packed as expected words.
     */
    public List<Path> write(Path out, double[][] samples) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        sources.forEach((name, text) -> files.put("rtl/" + name, text));
        files.put("rtl/files.f", RtlScripts.fileList(sourceFiles()));
        files.put("rtl/add_sources.tcl", RtlScripts.vivadoSources(wrapper(), sourceFiles()));
        files.put("Makefile", RtlScripts.makefile(wrapper(), options.project(), sourceFiles()));
        files.put("tb/" + wrapper() + "_tb.cpp", VerilatorHarness.source(wrapper(), options.wordBits(),
                inLayout.wordsPerSample(), outLayout.wordsPerSample()));
        files.put("tb/tb_input_words.txt", words(inLayout, inputCodes(samples), samples.length));
        Emulator.Result result = Emulator.of(model).run(samples);
        files.put("tb/tb_output_words.txt", words(outLayout, storage(outLayout, outputs, result.codes()), samples.length));
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path path = out.resolve(f.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, f.getValue(), StandardCharsets.UTF_8);
            written.add(path);
        }
        return written;
    }

    /** The storage codes of the quantized inputs of every sample. */
    private long[] inputCodes(double[][] samples) {
        long[] codes = new long[samples.length * inputs.size()];
        for (int s = 0; s < samples.length; s++) {
            int at = 0;
            for (Input input : model.inputs()) {
                int n = input.type().size();
                double[] values = java.util.Arrays.copyOfRange(samples[s], at, at + n);
                FixedTensor q = FixedTensor.quantize(input.type(), values);
                for (int e = 0; e < n; e++) {
                    codes[s * inputs.size() + at + e] = q.raw(e).longValueExact();
                }
                at += n;
            }
        }
        return storage(inLayout, inputs, codes);
    }

    private static long[] storage(PackedLayout layout, TensorType types, long[] elementCodes) {
        long[] codes = new long[elementCodes.length];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = layout.storageCode(elementCodes[i], types.typeAt(i % types.size()));
        }
        return codes;
    }

    private static String words(PackedLayout layout, long[] codes, int count) {
        long[] words = layout.pack(codes, count);
        StringBuilder s = new StringBuilder();
        int per = layout.wordsPerSample();
        for (int k = 0; k < words.length; k++) {
            s.append(Long.toHexString(words[k])).append(k % per == per - 1 ? '\n' : ' ');
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d modules, latency %d cycles", options.project(), sources.size(), latency);
    }
}
