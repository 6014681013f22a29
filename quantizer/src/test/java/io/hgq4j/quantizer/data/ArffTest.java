package io.hgq4j.quantizer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.tensor.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArffTest {

    @TempDir
    Path dir;

    static final String HEADER = "@relation r\n@attribute a numeric\n@attribute b numeric\n@attribute class {x,y}\n@data\n";

    Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    String jets() throws IOException {
        try (var in = ArffTest.class.getResourceAsStream("jets.arff")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void jetsWithAnyLineEnd(String lineEnd) throws IOException {
        Dataset d = Datasets.arff(file("jets.arff", jets().replace("\n", lineEnd)));
        assertThat(d.name()).isEqualTo("hls4ml_lhc_jets_hlf");
        assertThat(d.featureShape()).isEqualTo(Shape.of(4));
        assertThat(d.classNames()).containsExactly("g", "q", "t", "w", "z");
        assertThat(d.labels()).containsExactly(2, 0, 3, 4, 1);
        assertThat(d.features().sample(0)).containsExactly(-2.9359, 0.383, 24.34, 28);
        assertThat(d.features().sample(1)).containsExactly(-1.5, 0.25, 100, 15);
        assertThat(d.features().sample(2)).containsExactly(0, -0.0, 0.35, 7);
        assertThat(Double.doubleToRawLongBits(d.features().value(2, 1))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(d.features().sample(3)).containsExactly(4, 1, 2, 3);
        assertThat(d.features().sample(4)).containsExactly(-7.25, 2.5, 91.1875, 40);
    }

    @Test
    void targetByNameIgnoredAttributesAndRegression() throws IOException {
        Path f = file("jets.arff", jets());
        Dataset regression = Datasets.arff(f, "multiplicity", "class", "c1 b0");
        assertThat(regression.isClassification()).isFalse();
        assertThat(regression.targets().toArray()).containsExactly(28, 15, 7, 3, 40);
        assertThat(regression.features().sample(1)).containsExactly(-1.5, 100);
        Dataset named = Datasets.arff(f, "class", "mass, groomed");
        assertThat(named.featureShape()).isEqualTo(Shape.of(3));
        assertThat(named.labels()).containsExactly(2, 0, 3, 4, 1);
        assertThatThrownBy(() -> Datasets.arff(f, "klass")).isInstanceOf(DataException.class)
                .hasMessage(f + ": there is no target attribute 'klass'; the attributes are zlogz, c1 b0, mass, groomed,"
                        + " multiplicity, class");
        assertThatThrownBy(() -> Datasets.arff(f, null, "nope")).hasMessageStartingWith(f + ": there is no attribute 'nope' to ignore");
        assertThatThrownBy(() -> Datasets.arff(f, "class", "class")).hasMessage(f + ": the target attribute 'class' is"
                + " also among the ignored attributes");
    }

    @Test
    void quotingEscapesAndIgnoredStringsOrDates() throws IOException {
        Path f = file("q.arff", "% leading comment\n\n@relation 'my data'\n@attribute id string\n"
                + "@attribute when date \"yyyy-MM-dd\"\n@attribute v real\n@attribute 'the class' {'a b', \"c,d\", 'e\\'f'}\n"
                + "@data\n'row \\'1\\'', 2024-01-01, 1.5, 'a b'\n?,?,2.5,\"c,d\"\nx,'2024-01-02',-3,'e\\'f'\n");
        Dataset d = Datasets.arff(f, null, "id", "when");
        assertThat(d.name()).isEqualTo("my data");
        assertThat(d.classNames()).containsExactly("a b", "c,d", "e'f");
        assertThat(d.labels()).containsExactly(0, 1, 2);
        assertThat(d.features().toArray()).containsExactly(1.5, 2.5, -3);
        assertThatThrownBy(() -> Datasets.arff(f)).isInstanceOf(DataException.class)
                .hasMessage(f + ": line 4: attribute 'id' is a string attribute; features must be numeric (only the"
                        + " target attribute may be nominal)");
    }

    @Test
    void numericTargetByDefaultIsRegression() throws IOException {
        Dataset d = Datasets.arff(file("r.arff", "@relation r\n@attribute a NUMERIC\n@attribute y Numeric\n@DATA\n1,2\n3,4.5\n"));
        assertThat(d.isClassification()).isFalse();
        assertThat(d.targets().toArray()).containsExactly(2, 4.5);
        assertThat(d.features().toArray()).containsExactly(1, 3);
    }

    @Test
    void unsupportedAndBadContent() throws IOException {
        expect(HEADER + "1,2,x\n3,?,y\n", "line 7: attribute 'b': missing value '?'; missing values are not supported"
                + " (drop or fill those rows first)");
        expect(HEADER + "{0 1, 2 x}\n", "line 6: sparse ARFF rows ({index value, ...}) are not supported; convert the"
                + " data to dense ARFF");
        expect(HEADER + "1,2,v\n", "line 6: attribute 'class': 'v' is not one of {x,y}");
        expect(HEADER + "1,2\n", "line 6: the row has 2 values, expected 3 (one per attribute)");
        expect(HEADER + "1,2,x,4\n", "line 6: the row has more than 3 values (one per attribute)");
        expect(HEADER + "1,2,x,{3}\n", "line 6: instance weights '{3}' are not supported");
        expect(HEADER + "1,abc,x\n", "line 6: attribute 'b': 'abc' is not a number; expected a number such as 3, -0.25"
                + " or 1e-3");
        expect(HEADER + "1,NaN,x\n", "line 6: attribute 'b': 'NaN' is not a number; expected a number such as 3, -0.25"
                + " or 1e-3");
        expect(HEADER + "1,,x\n", "line 6: attribute 'b': empty value; expected a number such as 3, -0.25 or 1e-3");
        expect(HEADER + "1,'2,x\n", "line 6: unterminated quote in a value");
        expect(HEADER, "no data rows after @data");
        expect("@relation r\n@attribute a numeric\n@attribute c {x,y}\n", "no @data line after the 2 attributes; the"
                + " file is truncated or not an ARFF file");
        expect("@attribute a numeric\n", "line 1: expected the @relation line first, found '@attribute a numeric'");
        expect("", "no @relation line; not an ARFF file");
        expect("@relation r\n@data\n", "no @attribute declarations before @data");
        expect("@relation r\n@attribute a numeric\n@attribute a real\n@data\n",
                "line 3: attribute 'a' is declared twice (first on line 2)");
        expect("@relation r\n@attribute c {x,y}\n@attribute a {p,q}\n@data\n",
                "line 2: attribute 'c' is nominal; features must be numeric (only the target attribute may be nominal)");
        expect("@relation r\n@attribute bag relational\n", "line 2: attribute 'bag' is relational; relational"
                + " (multi-instance) attributes are not supported");
        expect("@relation r\n@attribute a complex\n", "line 2: attribute 'a' has type 'complex'; expected numeric, real,"
                + " integer, string, date or {nominal values}");
        expect("@relation r\n@attribute c {x,y\n", "line 2: the nominal values of 'c' lack a closing '}'");
        expect("@relation r\n@attribute c {x,x}\n", "line 2: nominal value 'x' of 'c' is declared twice");
        expect("@relation r\n@attribute c {}\n", "line 2: attribute 'c' has no nominal values");
        expect("@relation r\n@attribute 'c {x}\n", "line 2: unterminated quote in the attribute name");
        expect("@relation r\n@attribute a numeric extra\n", "line 2: unexpected text 'extra' after the type of 'a'");
        expect("@relation r\n@attribute a numeric\n@attribute s string\n@data\n1,'x'\n", "line 3: the target attribute"
                + " 's' is a string attribute; expected a nominal attribute (classes) or a numeric one (regression)");
        expect("@relation r\n@attribute c {x}\n@data\nx\n", "no numeric feature attributes besides the target 'c'");
        expect("@relation r\nhello\n", "line 2: expected @attribute or @data, found 'hello'");
    }

    void expect(String content, String message) throws IOException {
        Path f = file("bad.arff", content);
        assertThatThrownBy(() -> Datasets.arff(f)).isInstanceOf(DataException.class).hasMessage(f + ": " + message);
    }

    @Test
    void decimalsAreCorrectlyRounded() {
        String[] numbers = {"0", "-0", "1", "+2.", ".5", "-.5", "3.14159", "0.1", "0.3", "123456789012345",
            "1234567890123456", "12345678901234567890", "0.000001", "1e-3", "1E+300", "4.9e-324", "2.2250738585072014E-308",
            "9007199254740993", "0.1000000000000000055511151231257827", "1.7976931348623157e308", "-7.0000000000000001",
            "00000000000000000000000012.5", "0.0000000000000000000000001"};
        for (String s : numbers) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            assertThat(Arff.decimal(b, 0, b.length)).as(s).isEqualTo(Double.parseDouble(s));
        }
        for (String s : new String[] {"", "-", ".", "e5", "1e", "1.2.3", "NaN", "inf", "0x10", "1d", "1 2", "--1"}) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            assertThat(Arff.decimal(b, 0, b.length)).as(s).isNaN();
        }
    }
}
