package io.hgq4j.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Turns Netty's leak detector to PARANOID (every buffer tracked) and records the LEAK reports it logs. Netty logs
 * through java.util.logging here (slf4j-nop is on the test class path, and Netty skips a no-op SLF4J binding).
 */
final class LeakWatch {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static final Logger LOGGER = Logger.getLogger(ResourceLeakDetector.class.getName());
    private static boolean installed;

    private LeakWatch() {
    }

    /** Installs the watch (once per JVM). */
    static synchronized void install() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        if (!installed) {
            installed = true;
            LOGGER.addHandler(new Handler() {
                @Override
                public void publish(LogRecord record) {
                    String message = record.getMessage();
                    if (message != null && message.contains("LEAK")) {
                        LEAKS.add(message);
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
        }
    }

    /**
     * Collects garbage and allocates so that the detector reports what was lost, then returns the LEAK reports seen
     * so far.
     */
    static List<String> leaks() {
        for (int round = 0; round < 5; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 200; i++) {
                ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(64);
                b.release();
                ByteBuf h = ByteBufAllocator.DEFAULT.heapBuffer(64);
                h.release();
            }
        }
        return List.copyOf(LEAKS);
    }

    /** Forgets the reports seen so far (after a test that leaks on purpose). */
    static void clear() {
        LEAKS.clear();
    }
}
