package io.hgq4j.interop.qkeras;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The QKeras peer models in this module's test resources ({@code peers/qkeras/}). */
final class QKerasFixtures {

    private QKerasFixtures() {
    }

    static Path peer(String name) {
        try {
            return Path.of(QKerasFixtures.class.getResource("/peers/qkeras/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
