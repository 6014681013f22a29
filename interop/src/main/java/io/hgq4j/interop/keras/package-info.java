/**
 * HGQ "proxy" models (Keras 2 HDF5 files with {@code FixedPointQuantizer} layers) and the firmware model, both ways:
 * {@link io.hgq4j.interop.keras.KerasHgqImporter} imports one (one small handler per Keras layer kind does the work),
 * {@link io.hgq4j.interop.keras.KerasHgqExporter} writes a firmware model as one that the importer reads back to the
 * same model.
 */
package io.hgq4j.interop.keras;
