/**
 * Training data for the HGQ trainer: {@link io.hgq4j.quantizer.data.Dataset} (features as the model's
 * {@link io.hgq4j.model.data.SampleArray} plus class labels or regression targets); loaders for CSV, NPY, NPZ, IDX
 * (MNIST), ARFF and OpenML, and the bundled digits set ({@link io.hgq4j.quantizer.data.Datasets},
 * {@link io.hgq4j.quantizer.data.OpenMl}); preprocessing ({@link io.hgq4j.quantizer.data.Scaler}: standard,
 * min-max, fixed factor), seeded splits ({@link io.hgq4j.quantizer.data.Splits}, including scikit-learn's
 * {@code train_test_split} reproduced with NumPy's legacy generator, {@link io.hgq4j.quantizer.data.NumpyRandomState})
 * and mini-batches ({@link io.hgq4j.quantizer.data.Batches}). Loading failures are one-line
 * {@link io.hgq4j.quantizer.data.DataException}s.
 */
package io.hgq4j.quantizer.data;
