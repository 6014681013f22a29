package io.hgq4j.model.cmvm;

import java.util.Arrays;
import java.util.Objects;

/**
 * A validated, defensively copied CMVM problem.
 *
 * @param matrix M[i][j], [inputs][outputs]
 * @param lo     smallest value of each input
 * @param hi     largest value of each input
 */
record Problem(long[][] matrix, long[] lo, long[] hi) {

    static Problem of(long[][] matrix, long[] inputLo, long[] inputHi) {
        Objects.requireNonNull(matrix, "matrix");
        Objects.requireNonNull(inputLo, "inputLo");
        Objects.requireNonNull(inputHi, "inputHi");
        if (matrix.length == 0) {
            throw new IllegalArgumentException("the matrix needs at least one row (input)");
        }
        if (inputLo.length != matrix.length || inputHi.length != matrix.length) {
            throw new IllegalArgumentException("the matrix has " + matrix.length + " rows (inputs) but the ranges "
                    + inputLo.length + " and " + inputHi.length + " entries");
        }
        int outputs = Objects.requireNonNull(matrix[0], "matrix row 0").length;
        if (outputs >= GraphBuilder.MAX_NODES) {
            throw new IllegalArgumentException(outputs + " outputs; at most " + (GraphBuilder.MAX_NODES - 1));
        }
        long[][] copy = new long[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            Objects.requireNonNull(matrix[i], "matrix row " + i);
            if (matrix[i].length != outputs) {
                throw new IllegalArgumentException("matrix row " + i + " has " + matrix[i].length + " entries, row 0 "
                        + outputs);
            }
            if (inputLo[i] > inputHi[i]) {
                throw new IllegalArgumentException("input " + i + " has the empty range [" + inputLo[i] + ", "
                        + inputHi[i] + "]");
            }
            for (int j = 0; j < outputs; j++) {
                long m = matrix[i][j];
                if (m > Csd.MAX_MAGNITUDE || m < -Csd.MAX_MAGNITUDE) {
                    throw new IllegalArgumentException("M[" + i + "][" + j + "] = " + m + ": entries must be below 2^62"
                            + " in magnitude");
                }
            }
            copy[i] = matrix[i].clone();
        }
        return new Problem(copy, inputLo.clone(), inputHi.clone());
    }

    int inputCount() {
        return matrix.length;
    }

    int outputCount() {
        return matrix[0].length;
    }

    /** Whether input i contributes: a non-constant-zero range and a non-zero row. */
    boolean used(int i) {
        if (lo[i] == 0 && hi[i] == 0) {
            return false;
        }
        for (long m : matrix[i]) {
            if (m != 0) {
                return true;
            }
        }
        return false;
    }

    /** Creates the input nodes of the used inputs in input order; the node of each input, −1 when omitted. */
    int[] createInputNodes(GraphBuilder builder) {
        int[] node = new int[inputCount()];
        Arrays.fill(node, -1);
        for (int i = 0; i < node.length; i++) {
            if (used(i)) {
                node[i] = builder.addInput(i);
            }
        }
        return node;
    }
}
