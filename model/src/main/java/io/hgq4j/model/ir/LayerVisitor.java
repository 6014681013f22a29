package io.hgq4j.model.ir;

/**
 * One method per layer kind. Every stage that treats layers differently (evaluator, emulator, emitters, cost
 * models, file format) implements this, so adding a layer kind fails to compile until every stage handles it.
 *
 * @param <R> what the visit produces
 */
public interface LayerVisitor<R> {

    /** An {@link Input}. */
    R visitInput(Input layer);

    /** A {@link Dense}. */
    R visitDense(Dense layer);

    /** A {@link Conv}. */
    R visitConv(Conv layer);

    /** A {@link Pool}. */
    R visitPool(Pool layer);

    /** A {@link Reshape}. */
    R visitReshape(Reshape layer);

    /** A {@link Relu}. */
    R visitRelu(Relu layer);

    /** An {@link Add}. */
    R visitAdd(Add layer);

    /** A {@link Concatenate}. */
    R visitConcatenate(Concatenate layer);

    /** A {@link TableLookup}. */
    R visitTableLookup(TableLookup layer);

    /** A {@link Softmax}. */
    R visitSoftmax(Softmax layer);

    /** A {@link Quantize}. */
    R visitQuantize(Quantize layer);
}
