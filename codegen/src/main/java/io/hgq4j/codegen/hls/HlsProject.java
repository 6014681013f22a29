package io.hgq4j.codegen.hls;

import io.hgq4j.codegen.CodegenException;
import io.hgq4j.emulator.Emulator;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.deploy.PackedLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Vitis HLS sources of one model: firmware, testbench, testbench data computed by the emulator, and hgq4j's own
 * C simulation headers, laid out under an {@code hls/} folder:
 * <pre>
 * hls/firmware/defines.h, NAME.h, NAME.cpp, NAME_axis.cpp | NAME_kernel.cpp
 * hls/tb/NAME_test.cpp
 * hls/tb_data/tb_input_features.dat, tb_output_predictions.dat
 * hls/include/ap_int.h, ap_fixed.h, hls_stream.h, ap_axi_sdata.h   (for g++ only; Vitis uses its own)
 * </pre>
 */
public final class HlsProject {

    /** hgq4j's C simulation headers, shipped with the project so that g++ alone can run the testbench. */
    public static final List<String> HEADERS = List.of("ap_int.h", "ap_fixed.h", "hls_stream.h", "ap_axi_sdata.h");

    private final FirmwareModel model;
    private final HlsOptions options;
    private final Interface ports;
    private final FirmwareEmitter firmware;

    private HlsProject(FirmwareModel model, HlsOptions options) {
        this.model = model;
        this.options = options;
        this.ports = Interface.of(model, options.wordBits());
        if (ports.outLayout().elementType().width() > CppTypes.MAX_LITERAL_BITS) {
            throw new CodegenException("model '" + model.name() + "': output elements of type "
                    + ports.outLayout().elementType() + " are wider than the " + CppTypes.MAX_LITERAL_BITS
                    + " bits the testbench compares exactly");
        }
        this.firmware = new FirmwareEmitter(model, options.project(), ports);
    }

    /**
     * Generates the sources of {@code model} (nothing is written yet).
     *
     * @throws CodegenException if the model cannot be generated (several inputs, too wide a type, ...)
     */
    public static HlsProject generate(FirmwareModel model, HlsOptions options) {
        return new HlsProject(model, options);
    }

    /** How input samples are packed into bus words. */
    public PackedLayout inputLayout() {
        return ports.inLayout();
    }

    /** How output samples are packed into bus words. */
    public PackedLayout outputLayout() {
        return ports.outLayout();
    }

    /** The input layers the input port carries, comma-separated. */
    public String inputLayers() {
        return Interface.names(ports.inputs().stream().map(io.hgq4j.model.ir.Input::name).toList());
    }

    /** The output layers the output port carries, comma-separated. */
    public String outputLayers() {
        return Interface.names(ports.outputs());
    }

    /** The firmware files, by path relative to the {@code hls} folder. */
    public List<String> firmwareFiles() {
        return firmware.files(options.firmwareWrapper()).keySet().stream().map(f -> "firmware/" + f).toList();
    }

    /** The testbench source, relative to the {@code hls} folder. */
    public String testbenchFile() {
        return "tb/" + options.project() + "_test.cpp";
    }

    /** The testbench data files, relative to the {@code hls} folder. */
    public List<String> testbenchDataFiles() {
        return List.of("tb_data/tb_input_features.dat", "tb_data/tb_output_predictions.dat");
    }

    /**
     * Writes every file under {@code hls} (created if needed), with the testbench data: {@code samples} (one row
     * of real input values per sample) and their outputs computed by the emulator.
     *
     * @return the files written
     */
    public List<Path> write(Path hls, double[][] samples) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        firmware.files(options.firmwareWrapper()).forEach((name, text) -> files.put("firmware/" + name, text));
        files.put(testbenchFile(), TestbenchEmitter.source(options.project(), ports, options.firmwareWrapper()));
        Emulator.Result expected = Emulator.of(model).run(samples);
        StringBuilder in = new StringBuilder();
        StringBuilder out = new StringBuilder();
        for (int s = 0; s < samples.length; s++) {
            in.append(row(samples[s])).append('\n');
            out.append(row(expected.values(s))).append('\n');
        }
        files.put("tb_data/tb_input_features.dat", in.toString());
        files.put("tb_data/tb_output_predictions.dat", out.toString());
        for (String header : HEADERS) {
            files.put("include/" + header, resource(header));
        }
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path path = hls.resolve(f.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, f.getValue(), StandardCharsets.UTF_8);
            written.add(path);
        }
        return written;
    }

    /** Values separated by spaces, each the shortest decimal that reads back as the same double. */
    private static String row(double[] values) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(values[i]);
        }
        return s.toString();
    }

    private static String resource(String header) {
        try (InputStream in = HlsProject.class.getResourceAsStream("include/" + header)) {
            if (in == null) {
                throw new IllegalStateException("hgq4j is missing its C simulation header " + header);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
