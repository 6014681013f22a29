package io.hgq4j.model.tensor;

import io.hgq4j.model.fixed.FixedType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A shape with a fixed-point type per element. HGQ gives every element its own type, but many share one, so the
 * types are kept as a palette of distinct types (in order of first appearance) and, unless all elements share a
 * single type, one palette index per element. Immutable; two tensor types are equal when shape and every element
 * type are equal.
 */
public final class TensorType {

    private final Shape shape;
    private final List<FixedType> palette;
    /** Palette index per element, or null when the palette has one entry. */
    private final int[] index;

    private TensorType(Shape shape, List<FixedType> palette, int[] index) {
        this.shape = shape;
        this.palette = palette;
        this.index = index;
    }

    /** Every element of {@code shape} has type {@code type}. */
    public static TensorType uniform(Shape shape, FixedType type) {
        return new TensorType(Objects.requireNonNull(shape, "shape"), List.of(Objects.requireNonNull(type, "type")), null);
    }

    /** One type per element, in row-major order. */
    public static TensorType of(Shape shape, FixedType[] elementTypes) {
        if (elementTypes.length != shape.size()) {
            throw new IllegalArgumentException(elementTypes.length + " element types for shape " + shape + " of "
                    + shape.size() + " elements");
        }
        return build(shape, i -> elementTypes[i]);
    }

    /** The type of element i is {@code elementType.apply(i)}. */
    public static TensorType build(Shape shape, IntFunction<FixedType> elementType) {
        Map<FixedType, Integer> positions = new LinkedHashMap<>();
        int[] index = new int[shape.size()];
        for (int i = 0; i < index.length; i++) {
            FixedType t = Objects.requireNonNull(elementType.apply(i), "element type");
            index[i] = positions.computeIfAbsent(t, k -> positions.size());
        }
        List<FixedType> palette = List.copyOf(positions.keySet());
        return new TensorType(shape, palette, palette.size() == 1 ? null : index);
    }

    /**
     * Types given as a palette and an index into it per element.
     *
     * @throws IllegalArgumentException if an index is outside the palette or the counts do not match the shape
     */
    public static TensorType ofPalette(Shape shape, List<FixedType> palette, int[] paletteIndex) {
        if (palette.isEmpty()) {
            throw new IllegalArgumentException("empty type palette");
        }
        if (paletteIndex == null) {
            if (palette.size() != 1) {
                throw new IllegalArgumentException("a palette of " + palette.size() + " types needs an index per element");
            }
            return uniform(shape, palette.get(0));
        }
        if (paletteIndex.length != shape.size()) {
            throw new IllegalArgumentException(paletteIndex.length + " palette indices for shape " + shape);
        }
        for (int i : paletteIndex) {
            if (i < 0 || i >= palette.size()) {
                throw new IllegalArgumentException("palette index " + i + " outside a palette of " + palette.size() + " types");
            }
        }
        return build(shape, i -> palette.get(paletteIndex[i]));
    }

    /** The shape. */
    public Shape shape() {
        return shape;
    }

    /** The number of elements. */
    public int size() {
        return shape.size();
    }

    /** The type of element {@code flatIndex}. */
    public FixedType typeAt(int flatIndex) {
        return index == null ? palette.get(0) : palette.get(index[flatIndex]);
    }

    /** The distinct element types in order of first appearance. */
    public List<FixedType> palette() {
        return palette;
    }

    /** The palette index of every element, or null when all elements share one type. */
    public int[] paletteIndex() {
        return index == null ? null : index.clone();
    }

    /** Whether every element has the same type. */
    public boolean isUniform() {
        return index == null;
    }

    /**
     * The type shared by every element.
     *
     * @throws IllegalStateException if the elements do not share one type
     */
    public FixedType uniformType() {
        if (index != null) {
            throw new IllegalStateException("the elements have " + palette.size() + " different types");
        }
        return palette.get(0);
    }

    /** The same element types, in the same row-major order, under another shape of the same size. */
    public TensorType reshape(Shape newShape) {
        if (newShape.size() != shape.size()) {
            throw new IllegalArgumentException("cannot reshape " + shape + " to " + newShape);
        }
        return new TensorType(newShape, palette, index);
    }

    /** The element types in row-major order. */
    public FixedType[] toArray() {
        FixedType[] types = new FixedType[size()];
        Arrays.setAll(types, this::typeAt);
        return types;
    }

    /** The one type that holds every element's values ({@link FixedType#covering}): a C++ array's element type. */
    public FixedType storageType() {
        return FixedType.covering(palette);
    }

    /** The largest element width. */
    public int maxWidth() {
        return palette.stream().mapToInt(FixedType::width).max().orElse(0);
    }

    /** The smallest element width. */
    public int minWidth() {
        return palette.stream().mapToInt(FixedType::width).min().orElse(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorType t && shape.equals(t.shape) && palette.equals(t.palette) && Arrays.equals(index, t.index);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shape, palette, Arrays.hashCode(index));
    }

    /** The shape and the type, or a summary of the types: {@code 16 fixed<8,3>}, {@code 64 [7 types, 3..9 bits]}. */
    @Override
    public String toString() {
        if (index == null) {
            return shape + " " + palette.get(0);
        }
        return shape + " [" + palette.size() + " types, " + minWidth() + ".." + maxWidth() + " bits]";
    }
}
