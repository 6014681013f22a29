package io.hgq4j.model.ir;

import io.hgq4j.model.fixed.ExactRange;
import io.hgq4j.model.fixed.FixedType;
import io.hgq4j.model.tensor.FixedTensor;
import io.hgq4j.model.tensor.TensorType;
import java.util.HashMap;
import java.util.Map;

/**
 * Derives the exact type of a sum of products from the ranges of its terms: the narrowest type that holds every
 * possible result, so an accumulator of this type can never overflow and never drops a bit.
 */
final class AccumulatorTypes {

    private final String layer;
    private final Map<FixedType, ExactRange> rangeOfType = new HashMap<>();

    AccumulatorTypes(String layer) {
        this.layer = layer;
    }

    /** The range of every value of element {@code index} of {@code type}. */
    ExactRange rangeOf(TensorType type, int index) {
        return rangeOfType.computeIfAbsent(type.typeAt(index), ExactRange::of);
    }

    /** The range of the constant element {@code index} of {@code tensor}. */
    static ExactRange rangeOf(FixedTensor tensor, int index) {
        return ExactRange.of(tensor.get(index));
    }

    /** The narrowest type holding {@code range}, or a clear error when it exceeds the supported width. */
    FixedType typeOf(ExactRange range) {
        try {
            return range.smallestType();
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException("layer '" + layer + "': an exact intermediate is too wide: " + e.getMessage(), e);
        }
    }
}
