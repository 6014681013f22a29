package io.hgq4j.quantizer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hgq4j.model.tensor.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {

    @TempDir
    Path dir;

    Path file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void labelInTheLastColumnByDefault() throws IOException {
        Dataset d = Datasets.csv(file("iris-mini.csv", "5.1,3.5,0\n4.9,3.0,0\n\n6.3,3.3,2\r\n5.8,2.7,1\n"));
        assertThat(d.name()).isEqualTo("iris-mini");
        assertThat(d.count()).isEqualTo(4);
        assertThat(d.featureShape()).isEqualTo(Shape.of(2));
        assertThat(d.features().toArray()).containsExactly(5.1, 3.5, 4.9, 3.0, 6.3, 3.3, 5.8, 2.7);
        assertThat(d.labels()).containsExactly(0, 0, 2, 1);
        assertThat(d.classCount()).isEqualTo(3);
    }

    @Test
    void labelColumnByIndexOrFromTheEnd() throws IOException {
        Path f = file("t.csv", "label,a,b\n1,0.5,-1\n0,2,3\n");
        Dataset first = Datasets.csv(f, 0, false);
        assertThat(first.labels()).containsExactly(1, 0);
        assertThat(first.features().toArray()).containsExactly(0.5, -1, 2, 3);
        Dataset fromEnd = Datasets.csv(file("u.csv", "1,7,0.5\n0,3,2\n"), -2, false);
        assertThat(fromEnd.labels()).containsExactly(7, 3);
        assertThat(fromEnd.classCount()).isEqualTo(8);
        assertThat(fromEnd.features().toArray()).containsExactly(1, 0.5, 0, 2);
    }

    @Test
    void numericHeaderOnlyWhenAsked() throws IOException {
        Path f = file("n.csv", "0,1,2\n1.5,2.5,1\n3.5,4.5,0\n");
        assertThat(Datasets.csv(f).count()).isEqualTo(3); // the numeric first line is data
        Dataset headed = Datasets.csv(f, -1, true);
        assertThat(headed.count()).isEqualTo(2);
        assertThat(headed.features().toArray()).containsExactly(1.5, 2.5, 3.5, 4.5);
        assertThat(headed.labels()).containsExactly(1, 0);
        // a text header is found either way, and forcing it changes nothing
        Path t = file("t.csv", "\n\"x, y\",z,class\n1,2,0\n");
        assertThat(Datasets.csv(t).count()).isEqualTo(1);
        assertThat(Datasets.csv(t, -1, true).features().toArray()).containsExactly(1, 2);
        // line numbers in messages still count the header
        assertThatThrownBy(() -> Datasets.csv(file("bad.csv", "0,1,2\n1,2,3\n4,x,5\n"), -1, true))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(dir.resolve("bad.csv") + ": line 3, field 2: 'x' is not a number");
    }

    @Test
    void gzippedAndWithHeader() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("1,2,3\n4,5,1\n".getBytes(StandardCharsets.US_ASCII));
        }
        Path f = dir.resolve("g.csv.gz");
        Files.write(f, bytes.toByteArray());
        Dataset d = Datasets.csv(f, -1, true);
        assertThat(d.name()).isEqualTo("g");
        assertThat(d.features().toArray()).containsExactly(4, 5);
        assertThat(d.labels()).containsExactly(1);
        assertThat(Datasets.csv(f).count()).isEqualTo(2);
    }

    @Test
    void regressionTargets() throws IOException {
        Dataset d = Datasets.csv(file("r.csv", "x,y,target\n1,2,0.25\n3,4,-1.5\n"), 2, false, Task.REGRESSION);
        assertThat(d.isClassification()).isFalse();
        assertThat(d.targets().toArray()).containsExactly(0.25, -1.5);
        assertThat(d.features().toArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void clearErrors() throws IOException {
        Path f = file("e.csv", "1,2,0\n3,4,1.5\n");
        assertThatThrownBy(() -> Datasets.csv(f)).isInstanceOf(DataException.class)
                .hasMessage(f + ": data row 2, column 2: label 1.5 is not a class index; expected a whole number 0 to 16777216");
        assertThatThrownBy(() -> Datasets.csv(file("neg.csv", "1,-1\n"))).hasMessageContaining("label -1.0 is not a class index");
        assertThatThrownBy(() -> Datasets.csv(f, 3, false)).isInstanceOf(DataException.class)
                .hasMessage(f + ": label column 3 is outside the rows of 3 fields (columns 0..2, or -1..-3 from the end)");
        assertThatThrownBy(() -> Datasets.csv(f, -4, false)).hasMessageContaining("label column -4 is outside");
        Path one = file("one.csv", "1\n2\n");
        assertThatThrownBy(() -> Datasets.csv(one)).isInstanceOf(DataException.class)
                .hasMessage(one + ": rows have 1 field; expected feature columns and a label column");
        Path ragged = file("ragged.csv", "1,2,0\n3,1\n");
        assertThatThrownBy(() -> Datasets.csv(ragged)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(ragged + ": line 2 has 2 fields, expected 3");
        Path missing = dir.resolve("missing.csv");
        assertThatThrownBy(() -> Datasets.csv(missing)).isInstanceOf(DataException.class)
                .hasMessage(missing + ": no such file");
        Path empty = file("empty.csv", "");
        assertThatThrownBy(() -> Datasets.csv(empty)).isInstanceOf(DataException.class)
                .hasMessage(empty + ": no data rows (the file is empty)");
    }
}
