package io.hgq4j.codegen.synth;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Primitive cells by type (e.g. {@code LUT2 -> 16, FDRE -> 8, CARRY4 -> 4}) with their totals per {@link CellClass}.
 * Only technology cells are counted here: instances of the design's own modules are resolved by {@link YosysStat}.
 *
 * @param byType cell count per cell type, sorted by type
 */
public record CellCounts(SortedMap<String, Long> byType) {

    /** No cells. */
    public static final CellCounts NONE = new CellCounts(new TreeMap<>());

    /** Copies the map, rejecting negative counts. */
    public CellCounts {
        TreeMap<String, Long> copy = new TreeMap<>();
        byType.forEach((type, n) -> {
            if (n == null || n < 0) {
                throw new IllegalArgumentException("cell count of " + type + " is " + n);
            }
            if (n > 0) {
                copy.put(type, n);
            }
        });
        byType = Collections.unmodifiableSortedMap(copy);
    }

    /** Counts from any map of cell type to count. */
    public static CellCounts of(Map<String, Long> byType) {
        return new CellCounts(new TreeMap<>(byType));
    }

    /** The number of cells in {@code cellClass}. */
    public long count(CellClass cellClass) {
        return byType.entrySet().stream().filter(e -> CellClass.of(e.getKey()) == cellClass)
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Every class with its count, zeros included, in declaration order. */
    public Map<CellClass, Long> byClass() {
        Map<CellClass, Long> m = new EnumMap<>(CellClass.class);
        for (CellClass c : CellClass.values()) {
            m.put(c, count(c));
        }
        return m;
    }

    /** Logic LUTs ({@link CellClass#LUT}). */
    public long lut() {
        return count(CellClass.LUT);
    }

    /** Flip-flops and latches ({@link CellClass#FF}). */
    public long ff() {
        return count(CellClass.FF);
    }

    /** Carry-chain cells ({@link CellClass#CARRY}); a CARRY4 and a CARRY8 count one each. */
    public long carry() {
        return count(CellClass.CARRY);
    }

    /** DSP slices ({@link CellClass#DSP}). */
    public long dsp() {
        return count(CellClass.DSP);
    }

    /** MUXF7/8/9 cells ({@link CellClass#MUX}). */
    public long mux() {
        return count(CellClass.MUX);
    }

    /** The number of cells of all types. */
    public long cells() {
        return byType.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Type-wise sum. */
    public CellCounts plus(CellCounts other) {
        TreeMap<String, Long> sum = new TreeMap<>(byType);
        other.byType.forEach((type, n) -> sum.merge(type, n, Math::addExact));
        return new CellCounts(sum);
    }

    /** Every count multiplied by {@code k}: the cells of {@code k} instances. */
    public CellCounts times(long k) {
        if (k < 0) {
            throw new IllegalArgumentException("negative multiplicity " + k);
        }
        TreeMap<String, Long> product = new TreeMap<>();
        byType.forEach((type, n) -> product.put(type, Math.multiplyExact(n, k)));
        return new CellCounts(product);
    }
}
