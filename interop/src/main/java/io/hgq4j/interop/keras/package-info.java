/**
 * Import of HGQ "proxy" models (Keras 2 HDF5 files with {@code FixedPointQuantizer} layers) into the firmware model:
 * {@link io.hgq4j.interop.keras.KerasHgqImporter} is the entry point, one small handler per Keras layer kind does the
 * work.
 */
package io.hgq4j.interop.keras;
