package io.hgq4j.model.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.ir.FirmwareModel;
import io.hgq4j.model.ir.InvalidModelException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The arrays of a .hgq file go through the project's one NPY codec: any integer layout NumPy may re-save them in
 * (byte order, Fortran order, unsigned types, versions) loads as the same codes, and anything that is not exact
 * integers is refused with a message naming the entry.
 */
class HgqNpyLayoutsTest {

    private static final String KERNEL = "tensors/dense/kernel.npy";

    @Test
    void integerArraysInAnyLayoutLoad() {
        FirmwareModel model = HgqFileTest.sample();
        // the kernel [[5, -3], [0, 7], [-8, 1]] column by column (5 0 -8 -3 7 1) as big-endian int16
        assertThat(withKernel("{'descr': '>i2', 'fortran_order': True, 'shape': (3, 2), }", 2,
                0, 5, 0, 0, 0xff, 0xf8, 0xff, 0xfd, 0, 7, 0, 1)).isEqualTo(model);
        assertThat(withKernel("{'descr': '<i8', 'fortran_order': False, 'shape': (3, 2), }", 3,
                5, 0, 0, 0, 0, 0, 0, 0, 0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0,
                7, 0, 0, 0, 0, 0, 0, 0, 0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0)).isEqualTo(model);
    }

    @Test
    void nonIntegerArraysAreRefused() {
        assertRefused(withKernelBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", 1, new int[24]),
                "m.hgq: tensors/dense/kernel.npy: unsupported .npy header: dtype <f4 holds no integer codes; "
                        + "expected i1, i2, i4, i8, u1, u2, u4 or u8");
        assertRefused(withKernelBytes("{'descr': '|b1', 'fortran_order': False, 'shape': (3, 2), }", 1, new int[6]),
                "dtype |b1 holds no integer codes");
        int[] huge = new int[48];
        java.util.Arrays.fill(huge, 0xff);
        assertRefused(withKernelBytes("{'descr': '<u8', 'fortran_order': False, 'shape': (3, 2), }", 1, huge),
                "m.hgq: tensors/dense/kernel.npy: element 0 is 18446744073709551615, beyond the int64 range");
        assertRefused(withKernelBytes("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }", 1, new int[12]),
                "m.hgq: tensors/dense/kernel.npy: array shape [2, 3] does not match the declared shape [3, 2]");
    }

    private static FirmwareModel withKernel(String dict, int version, int... data) {
        return HgqFile.fromBytes(withKernelBytes(dict, version, data), "m.hgq");
    }

    private static byte[] withKernelBytes(String dict, int version, int... data) {
        Map<String, byte[]> entries = HgqFile.entriesOf(HgqFileTest.sample());
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        npy.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        byte[] header = (dict + "\n").getBytes(StandardCharsets.US_ASCII);
        npy.write(header.length);
        npy.write(0);
        if (version > 1) {
            npy.write(0);
            npy.write(0);
        }
        npy.writeBytes(header);
        for (int d : data) {
            npy.write(d);
        }
        entries.put(KERNEL, npy.toByteArray());
        return HgqFile.zip(entries);
    }

    private static void assertRefused(byte[] file, String message) {
        assertThatThrownBy(() -> HgqFile.fromBytes(file, "m.hgq")).isInstanceOf(InvalidModelException.class)
                .hasMessageContaining(message);
    }
}
