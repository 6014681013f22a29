package io.hgq4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leak watch the front end's tests rely on does see a leak. */
class LeakWatchTest {

    @Test
    void seesABufferThatWasNeverReleased() {
        LeakWatch.install();
        List<String> seen = List.of();
        for (int attempt = 0; attempt < 10 && seen.isEmpty(); attempt++) {
            ByteBufAllocator.DEFAULT.directBuffer(16).writeInt(attempt); // dropped without release, on purpose
            seen = LeakWatch.leaks();
        }
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(0)).contains("LEAK");
        LeakWatch.clear();
    }
}
