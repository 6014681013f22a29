package io.hgq4j.model.testing;

import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.fixed.Overflow;
import io.hgq4j.model.fixed.Quantization;
import io.hgq4j.model.ir.Add;
import io.hgq4j.model.ir.Concatenate;
import io.hgq4j.model.ir.Conv;
import io.hgq4j.model.ir.Dense;
import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.Input;
import io.hgq4j.model.ir.Padding;
import io.hgq4j.model.ir.Pool;
import io.hgq4j.model.ir.Quantize;
import io.hgq4j.model.ir.Relu;
import io.hgq4j.model.ir.Reshape;
import io.hgq4j.model.ir.Softmax;
import io.hgq4j.model.ir.TableLookup;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.Shape;
import io.hgq4j.model.tensor.TensorType;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;

/**
 * Random, valid firmware models that together use every layer kind, for tests of every executor. Shipped to the
 * other modules in this module's test-jar.
 *
 * <p>Widths stay at or below {@value #MAX_WIDTH} bits and a quantizer follows every Dense and Conv layer, so every
 * intermediate value has at most about 40 significant bits: doubles then represent every value exactly, which lets
 * tests re-compute the models in plain double arithmetic as an independent check.
 */
public final class RandomModels {

    /** The widest element type generated. */
    public static final int MAX_WIDTH = 10;

    /** The recipes, one per family of layers; {@link #model(int, long)} cycles through them. */
    public static final List<String> RECIPES = List.of("mlp", "cnn2d", "cnn1d", "branches", "two_inputs", "softmax");

    private final Random random;
    private final int maxWidth;

    private RandomModels(long seed, int maxWidth) {
        this.random = new Random(seed);
        this.maxWidth = maxWidth;
    }

    /** The model of recipe {@code recipe % RECIPES.size()} drawn with {@code seed}, widths up to {@value #MAX_WIDTH}. */
    public static FirmwareModel model(int recipe, long seed) {
        return model(recipe, seed, MAX_WIDTH);
    }

    /**
     * The model of recipe {@code recipe % RECIPES.size()} drawn with {@code seed}, with element types up to
     * {@code maxWidth} bits (beyond {@value #MAX_WIDTH}, double arithmetic no longer represents every value).
     */
    public static FirmwareModel model(int recipe, long seed, int maxWidth) {
        RandomModels r = new RandomModels(seed, maxWidth);
        String name = RECIPES.get(Math.floorMod(recipe, RECIPES.size()));
        return switch (name) {
            case "mlp" -> r.mlp();
            case "cnn2d" -> r.cnn2d();
            case "cnn1d" -> r.cnn1d();
            case "branches" -> r.branches();
            case "two_inputs" -> r.twoInputs();
            default -> r.softmax();
        };
    }

    /** Random real-valued samples for every input of {@code model}, spread a little beyond the input ranges. */
    public static double[] sample(Input input, Random random) {
        double[] values = new double[input.type().size()];
        for (int i = 0; i < values.length; i++) {
            FixedType t = input.type().typeAt(i);
            double scale = Math.scalb(1.0, Math.max(t.intBits(), -4));
            values[i] = switch (random.nextInt(8)) {
                case 0 -> 0.0;
                case 1 -> (random.nextDouble() * 2.5 - 1.25) * scale; // may overflow
                default -> (random.nextDouble() * 2 - 1) * scale;
            };
        }
        return values;
    }

    private FirmwareModel mlp() {
        FirmwareModel.Builder b = FirmwareModel.builder("mlp");
        int features = 2 + random.nextInt(12);
        b.add(new Input("x", randomTypes(Shape.of(features), true)));
        int hidden = 1 + random.nextInt(10);
        b.add(dense("dense1", "x", features, hidden));
        b.add(quantize("q1", "dense1", Shape.of(hidden)));
        b.add(new Relu("relu1", "q1"));
        b.add(quantize("q1b", "relu1", Shape.of(hidden)));
        int out = 1 + random.nextInt(5);
        b.add(dense("dense2", "q1b", hidden, out));
        b.add(quantize("out", "dense2", Shape.of(out)));
        return b.output("out").build();
    }

    private FirmwareModel cnn2d() {
        FirmwareModel.Builder b = FirmwareModel.builder("cnn2d");
        int h = 4 + random.nextInt(5);
        int w = 4 + random.nextInt(5);
        int c = 1 + random.nextInt(3);
        b.add(new Input("image", randomTypes(Shape.of(h, w, c), true)));
        Padding padding = random.nextBoolean() ? Padding.SAME : Padding.VALID;
        int filters = 1 + random.nextInt(4);
        int stride = 1 + random.nextInt(2);
        Conv conv = Conv.conv2d("conv1", "image", constants(Shape.of(3, 3, c, filters)), constants(Shape.of(filters)),
                stride, 1 + random.nextInt(2), padding);
        b.add(conv);
        Shape convOut = conv.outputType(List.of(TensorType.uniform(Shape.of(h, w, c), FixedType.signed(4, 2)))).shape();
        b.add(quantize("q1", "conv1", convOut));
        b.add(new Relu("relu1", "q1"));
        b.add(Pool.pool2d("pool1", "relu1", Pool.Reduction.MAX, 2, 2, 1, 1, Padding.SAME));
        b.add(quantize("q2", "pool1", convOut));
        // 2x2 windows with stride 2 over SAME padding keep every window count a power of two.
        b.add(Pool.pool2d("pool2", "q2", Pool.Reduction.AVG, 2, 2, 2, 2, Padding.SAME));
        Shape pooled = Shape.of((convOut.dim(0) + 1) / 2, (convOut.dim(1) + 1) / 2, filters);
        b.add(new Reshape("flatten", "pool2", Shape.of(pooled.size())));
        b.add(quantize("q3", "flatten", Shape.of(pooled.size())));
        int out = 1 + random.nextInt(4);
        b.add(dense("dense", "q3", pooled.size(), out));
        b.add(quantize("out", "dense", Shape.of(out)));
        return b.output("out").build();
    }

    private FirmwareModel cnn1d() {
        FirmwareModel.Builder b = FirmwareModel.builder("cnn1d");
        int length = 5 + random.nextInt(8);
        int c = 1 + random.nextInt(3);
        b.add(new Input("signal", randomTypes(Shape.of(length, c), true)));
        int filters = 1 + random.nextInt(3);
        int k = 1 + random.nextInt(4);
        Padding padding = random.nextBoolean() ? Padding.SAME : Padding.VALID;
        int stride = 1 + random.nextInt(2);
        Conv conv = Conv.conv1d("conv", "signal", constants(Shape.of(k, c, filters)), constants(Shape.of(filters)), stride, padding);
        b.add(conv);
        Shape convOut = conv.outputType(List.of(TensorType.uniform(Shape.of(length, c), FixedType.signed(4, 2)))).shape();
        b.add(quantize("q1", "conv", convOut));
        // a short signal with a long kernel and stride 2 leaves one position, which a window of 2 does not fit
        Pool pool = Pool.pool1d("pool", "q1", Pool.Reduction.MAX, Math.min(2, convOut.dim(0)), 1 + random.nextInt(2),
                Padding.VALID);
        b.add(pool);
        Shape pooled = pool.outputType(List.of(TensorType.uniform(convOut, FixedType.signed(4, 2)))).shape();
        b.add(new Reshape("flatten", "pool", Shape.of(pooled.size())));
        int out = 1 + random.nextInt(3);
        b.add(dense("dense", "flatten", pooled.size(), out));
        b.add(quantize("out", "dense", Shape.of(out)));
        return b.output("out").build();
    }

    private FirmwareModel branches() {
        FirmwareModel.Builder b = FirmwareModel.builder("branches");
        int features = 2 + random.nextInt(8);
        Shape shape = Shape.of(features);
        b.add(new Input("x", randomTypes(shape, true)));
        b.add(dense("left", "x", features, features));
        b.add(dense("right", "x", features, features));
        b.add(quantize("ql", "left", shape));
        b.add(quantize("qr", "right", shape));
        b.add(new Add("sum", List.of("ql", "qr", "x")));
        b.add(new Concatenate("joined", List.of("sum", "x"), 0));
        int tableWidth = 1 + random.nextInt(Math.min(6, maxWidth));
        FixedType index = new FixedType(tableWidth, random.nextInt(4) - 1, random.nextBoolean(), randomQuantization(),
                randomOverflow());
        b.add(new Quantize("qt", "joined", TensorType.uniform(Shape.of(2 * features), index)));
        FixedType entry = randomType(true);
        b.add(new TableLookup("act", "qt", "tanh", constants(TensorType.uniform(Shape.of(1 << tableWidth), entry))));
        b.add(dense("dense", "act", 2 * features, 3));
        b.add(quantize("out", "dense", Shape.of(3)));
        return b.output("out").output("sum").build();
    }

    private FirmwareModel twoInputs() {
        FirmwareModel.Builder b = FirmwareModel.builder("two_inputs");
        int rows = 1 + random.nextInt(3);
        int a = 1 + random.nextInt(4);
        int c = 1 + random.nextInt(4);
        b.add(new Input("a", randomTypes(Shape.of(rows, a), true)));
        b.add(new Input("c", randomTypes(Shape.of(rows, c), true)));
        b.add(new Concatenate("joined", List.of("a", "c"), 1));
        b.add(dense("dense", "joined", a + c, 2));
        b.add(quantize("out", "dense", Shape.of(rows, 2)));
        return b.output("out").build();
    }

    /**
     * A softmax over the last axis of a 1-D or 2-D tensor, with random index types (every mode), random unsigned
     * tables (sometimes exp(−a) and 1/b, mostly arbitrary codes: the layer's arithmetic must hold for any) and a random
     * output type; both the softmax and a quantizer after it are outputs.
     */
    private FirmwareModel softmax() {
        FirmwareModel.Builder b = FirmwareModel.builder("softmax");
        int features = 1 + random.nextInt(6);
        int n = 1 + random.nextInt(6);
        boolean matrix = random.nextBoolean();
        int rows = 1 + random.nextInt(3);
        Shape in = matrix ? Shape.of(rows, features) : Shape.of(features);
        Shape out = matrix ? Shape.of(rows, n) : Shape.of(n);
        b.add(new Input("x", randomTypes(in, true)));
        b.add(dense("dense", "x", features, n));
        b.add(new Quantize("q", "dense", TensorType.uniform(out, randomType(true))));
        int indexBits = Math.min(8, maxWidth);
        FixedType expIndex = unsignedIndex(random.nextInt(indexBits + 1));
        FixedType invIndex = unsignedIndex(random.nextInt(indexBits + 1));
        boolean realistic = random.nextInt(3) == 0;
        FixedTensor expTable = table(expIndex, realistic ? a -> Math.exp(-a) : null);
        FixedTensor invTable = table(invIndex, realistic ? s -> 1 / Math.max(s, 1) : null);
        // Outputs near [0, 1], where products of entries of about that size land, so that most are not all zero.
        FixedType output = new FixedType(1 + random.nextInt(maxWidth), random.nextInt(3), random.nextBoolean(),
                randomQuantization(), randomOverflow());
        b.add(new Softmax("softmax", "q", expIndex, expTable, invIndex, invTable, output));
        b.add(quantize("out", "softmax", out));
        return b.output("out").output("softmax").build();
    }

    private FixedType unsignedIndex(int width) {
        return new FixedType(width, random.nextInt(6) - 2, false, randomQuantization(), randomOverflow());
    }

    /** One entry per index code: f(index value) rounded into a random unsigned type, or random codes of it. */
    private FixedTensor table(FixedType index, java.util.function.DoubleUnaryOperator f) {
        FixedType entry = FixedType.unsigned(random.nextInt(12) == 0 ? 0 : 1 + random.nextInt(maxWidth), random.nextInt(4) - 1);
        TensorType type = TensorType.uniform(Shape.of(1 << index.width()), entry);
        if (f == null) {
            return constants(type);
        }
        double[] values = new double[type.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = f.applyAsDouble(Math.scalb((double) k, index.lsbExponent()));
        }
        return FixedTensor.quantize(TensorType.uniform(type.shape(), entry.withModes(Quantization.RND, Overflow.SAT)), values);
    }

    private Dense dense(String name, String input, int features, int units) {
        if (random.nextInt(5) == 0) {
            return Dense.withoutBias(name, input, constants(Shape.of(features, units)));
        }
        return new Dense(name, input, constants(Shape.of(features, units)), constants(Shape.of(units)));
    }

    private Quantize quantize(String name, String input, Shape shape) {
        return new Quantize(name, input, randomTypes(shape, true));
    }

    /** Constants of random per-element types, about a fifth of them zero. */
    private FixedTensor constants(Shape shape) {
        return constants(randomTypes(shape, false));
    }

    private FixedTensor constants(TensorType types) {
        BigInteger[] raw = new BigInteger[types.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = random.nextInt(5) == 0 ? BigInteger.ZERO : randomCode(types.typeAt(i));
        }
        return FixedTensor.of(types, raw);
    }

    /** Heterogeneous element types drawn from a small palette, or one shared type. */
    private TensorType randomTypes(Shape shape, boolean withModes) {
        if (random.nextInt(4) == 0) {
            return TensorType.uniform(shape, randomType(withModes));
        }
        FixedType[] palette = new FixedType[1 + random.nextInt(5)];
        for (int i = 0; i < palette.length; i++) {
            palette[i] = randomType(withModes);
        }
        return TensorType.build(shape, i -> palette[random.nextInt(palette.length)]);
    }

    private FixedType randomType(boolean withModes) {
        int width = random.nextInt(12) == 0 ? 0 : 1 + random.nextInt(maxWidth);
        int intBits = random.nextInt(9) - 3 + (width > MAX_WIDTH ? random.nextInt(width - MAX_WIDTH + 1) : 0);
        FixedType t = FixedType.of(width, intBits, random.nextBoolean());
        return withModes ? t.withModes(randomQuantization(), randomOverflow()) : t;
    }

    private Quantization randomQuantization() {
        return Quantization.values()[random.nextInt(Quantization.values().length)];
    }

    private Overflow randomOverflow() {
        return Overflow.values()[random.nextInt(Overflow.values().length)];
    }

    private BigInteger randomCode(FixedType type) {
        if (type.isZero()) {
            return BigInteger.ZERO;
        }
        BigInteger span = type.maxRaw().subtract(type.minRaw()).add(BigInteger.ONE);
        return type.minRaw().add(BigInteger.valueOf(Math.floorMod(random.nextLong(), span.longValueExact())));
    }
}
