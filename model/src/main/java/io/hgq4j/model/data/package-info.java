/**
 * Arrays in files: {@link io.hgq4j.model.data.Npy}, the project's one NumPy codec (also used by the {@code .hgq}
 * file), whose {@link io.hgq4j.model.data.NpyArray} hands out exact integers or exact doubles. Bad content is always
 * an {@link io.hgq4j.model.data.ArrayFormatException} with a one-line message.
 */
package io.hgq4j.model.data;
