package io.hgq4j.report;

import io.hgq4j.model.data.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Writes one self-contained HTML page: inline CSS, images as {@code data:image/png;base64} URIs, no script and no
 * external resource. All text passed in is escaped; callers never write markup.
 */
public final class HtmlReport {

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:960px;margin:2em auto;padding:0 1em;\
            color:#222;line-height:1.45}
            h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
            p.caption,figcaption{color:#555;font-size:.92em}
            table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ddd;padding:.25em .7em;text-align:left}
            th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
            figure{margin:1.2em 0}figure.small{display:inline-block;width:440px;vertical-align:top;margin-right:10px}
            img{max-width:100%;height:auto;border:1px solid #eee}
            .note{background:#fff8e1;border-left:4px solid #f0c040;padding:.4em .8em}
            """;

    private final StringBuilder body = new StringBuilder();
    private final String title;

    /** A page with {@code title}. */
    public HtmlReport(String title) {
        this.title = title;
    }

    /** Escapes {@code &lt; &gt; &amp; &quot; &#39;} so that any text is shown as written. */
    public static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '&' -> s.append("&amp;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }

    /** Starts a section: a heading with an anchor and a caption saying what the section shows. */
    public HtmlReport section(String id, String heading, String caption) {
        body.append("<section id=\"").append(escape(id)).append("\">\n<h2>").append(escape(heading)).append("</h2>\n");
        if (caption != null && !caption.isEmpty()) {
            body.append("<p class=\"caption\">").append(escape(caption)).append("</p>\n");
        }
        return this;
    }

    /** Ends the current section. */
    public HtmlReport endSection() {
        body.append("</section>\n");
        return this;
    }

    /** A paragraph of text. */
    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A highlighted note. */
    public HtmlReport note(String text) {
        body.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /**
     * A table; cells that look like numbers are right-aligned.
     *
     * @param header the column names (none: a two-column key/value table without header)
     * @param rows   the cells
     */
    public HtmlReport table(List<String> header, List<List<String>> rows) {
        body.append("<table>\n");
        if (!header.isEmpty()) {
            body.append("<tr>");
            header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
            body.append("</tr>\n");
        }
        for (List<String> row : rows) {
            body.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                boolean key = header.isEmpty() && i == 0;
                boolean number = cell.matches("[-+−]?[0-9][0-9,.]*( ?%| ns| MHz| cycles)?");
                body.append(key ? "<th>" : number ? "<td class=\"num\">" : "<td>").append(escape(cell))
                        .append(key ? "</th>" : "</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** A figure, full width. */
    public HtmlReport figure(Figure figure) {
        return figure(figure, false);
    }

    /** A figure; small ones sit side by side. */
    public HtmlReport figure(Figure figure, boolean small) {
        body.append(small ? "<figure class=\"small\">" : "<figure>").append("<img alt=\"").append(escape(figure.title()))
                .append("\" width=\"").append(figure.width()).append("\" height=\"").append(figure.height())
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(figure.png()))
                .append("\">\n<figcaption>").append(escape(figure.caption())).append("</figcaption></figure>\n");
        return this;
    }

    /** The page. */
    public String toHtml() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body
                + "</body>\n</html>\n";
    }

    /** Writes the page to {@code file} (atomically: a reader never sees half a page). */
    public void write(Path file) throws IOException {
        byte[] bytes = toHtml().getBytes(StandardCharsets.UTF_8);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
