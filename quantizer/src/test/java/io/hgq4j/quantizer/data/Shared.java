package io.hgq4j.quantizer.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The shared fixtures ({@code ../shared}, or the folder in the system property {@code hgq4j.shared.dir}). */
final class Shared {

    private Shared() {
    }

    /** A file or folder under the shared fixtures, or a skipped test saying where it was looked for. */
    static Path path(String relative) {
        Path path = dir().resolve(relative);
        Assumptions.assumeTrue(Files.exists(path), () -> "shared fixture " + path + " is absent (set -Dhgq4j.shared.dir"
                + " to the shared folder); skipping");
        return path;
    }

    private static Path dir() {
        String configured = System.getProperty("hgq4j.shared.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("hgq4j.project.dir", ".."), "..", "shared").normalize();
    }
}
