/**
 * The firmware model: an immutable, validated graph of layer records that every stage of hgq4j reads. Start at
 * {@link io.hgq4j.model.ir.FirmwareModel} and {@link io.hgq4j.model.ir.Layer}.
 */
package io.hgq4j.model.ir;
