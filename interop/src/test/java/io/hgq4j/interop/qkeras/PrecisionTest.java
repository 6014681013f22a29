package io.hgq4j.interop.qkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hgq4j.model.fixed.FixedType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrecisionTest {

    @Test
    void singleTypeIsTheDefault() {
        Precision p = Precision.parse(" fixed<16,6> ");
        assertEquals(Optional.of(FixedType.signed(16, 6)), p.forLayer("anything"));
    }

    @Test
    void yamlWithDefaultAndLayers() {
        Precision p = Precision.parse("""
                # types for layers without a quantizer
                default: fixed<16,6,RND_CONV,SAT>
                layers:
                  fc1_input: "ufixed<8,0,RND,SAT>"   # the input
                  fc1: fixed<18,8>
                top_level: fixed<4,2>
                """);
        assertEquals(FixedType.parse("ufixed<8,0,RND,SAT>"), p.forLayer("fc1_input").orElseThrow());
        assertEquals(FixedType.parse("fixed<18,8>"), p.forLayer("fc1").orElseThrow());
        assertEquals(FixedType.parse("fixed<4,2>"), p.forLayer("top_level").orElseThrow());
        assertEquals(FixedType.parse("fixed<16,6,RND_CONV,SAT>"), p.forLayer("other").orElseThrow());
    }

    @Test
    void withoutDefaultUnknownLayersHaveNoType() {
        Precision p = Precision.parse("layers:\n  x: fixed<8,3>\n");
        assertTrue(p.forLayer("y").isEmpty());
        assertTrue(Precision.none().forLayer("x").isEmpty());
    }

    @Test
    void badLinesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Precision.parse("default: fixed<16,6>\nfc1: float32\n"));
        assertTrue(e.getMessage().startsWith("precision line 2: 'float32' is not a fixed-point type"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("layers:\n  a: fixed<4,2>\n  a: fixed<4,2>"));
        assertTrue(e.getMessage().contains("line 3: layer 'a' given twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("default fixed<4,2>\nx: y"));
        assertTrue(e.getMessage().startsWith("precision line 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Precision.parse("fixed<0,0>"));
    }
}
