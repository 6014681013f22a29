package io.hgq4j.codegen.hls;

import io.hgq4j.model.tensor.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs of consecutive elements that share one element type: the generated code converts a run in one loop.
 *
 * @param start   the first element
 * @param end     one past the last element
 * @param palette the index of the run's type in the tensor type's palette
 */
record TypeRuns(int start, int end, int palette) {

    /** The runs of {@code type}, in order. */
    static List<TypeRuns> of(TensorType type) {
        int[] index = type.paletteIndex();
        List<TypeRuns> runs = new ArrayList<>();
        int n = type.size();
        int start = 0;
        while (start < n) {
            int p = index == null ? 0 : index[start];
            int end = start + 1;
            while (end < n && (index == null || index[end] == p)) {
                end++;
            }
            runs.add(new TypeRuns(start, end, p));
            start = end;
        }
        return runs;
    }
}
