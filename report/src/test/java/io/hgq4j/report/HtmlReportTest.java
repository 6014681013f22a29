package io.hgq4j.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    @Test
    void escapesEveryPieceOfText() {
        assertThat(HtmlReport.escape("<b>\"a\" & 'b'</b>")).isEqualTo("&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/b&gt;");
        String html = new HtmlReport("<title>").section("s\"", "<h>", "a & b").paragraph("<script>x</script>")
                .table(List.of("<th>"), List.of(List.of("<td>"))).note("1 < 2")
                .figure(new Figure("<alt>", "<cap>", new byte[] {1}, 1, 1)).endSection().toHtml();
        assertThat(html).doesNotContain("<script>", "<title>\n", "<th><th>", "<td><td>", "<h>", "<alt>", "<cap>")
                .contains("&lt;script&gt;x&lt;/script&gt;", "a &amp; b", "1 &lt; 2", "alt=\"&lt;alt&gt;\"",
                        "data:image/png;base64,AQ==");
    }

    @Test
    void pageIsSelfContained() {
        String html = new HtmlReport("t").paragraph("x").toHtml();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").doesNotContain("<link", "<script", "http://",
                "https://");
    }
}
