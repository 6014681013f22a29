package io.hgq4j.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameTableTest {

    @Test
    void sanitizesToTheIrNameRules() {
        assertThat(NameTable.sanitize("dense_1")).isEqualTo("dense_1");
        assertThat(NameTable.sanitize("conv/1 x")).isEqualTo("conv_1_x");
        assertThat(NameTable.sanitize(".hidden")).isEqualTo("_hidden");
        assertThat(NameTable.sanitize("-x.")).isEqualTo("_x_");
        assertThat(NameTable.sanitize("")).isEqualTo("_");
        assertThat(NameTable.sanitize("é")).isEqualTo("_");
        assertThat(NameTable.sanitize("a".repeat(200))).hasSize(128);
    }

    @Test
    void claimsUniqueNames() {
        NameTable names = new NameTable();
        assertThat(names.claim("a b")).isEqualTo("a_b");
        assertThat(names.claim("a_b")).isEqualTo("a_b_2");
        assertThat(names.claim("a/b")).isEqualTo("a_b_3");
        String longName = "x".repeat(130);
        assertThat(names.claim(longName)).isEqualTo("x".repeat(128));
        assertThat(names.claim(longName)).isEqualTo("x".repeat(126) + "_2");
    }
}
