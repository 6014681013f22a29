/**
 * Arrays of samples in files: reading and writing {@code .npy}, {@code .csv} and IDX (MNIST) files, each optionally
 * gzip-compressed, as {@link io.hgq4j.model.data.SampleArray}s whose first stored axis is the sample axis; and
 * {@link io.hgq4j.model.data.Npy}, the project's one NumPy codec (also used by the {@code .hgq} file). Bad content
 * is always an {@link io.hgq4j.model.data.ArrayFormatException} with a one-line message. Entry point:
 * {@link io.hgq4j.model.data.SampleArrays}.
 */
package io.hgq4j.model.data;
