package io.hgq4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Catches Netty's buffer leak reports. Netty reports a leak when the garbage collector has reclaimed a buffer that
 * was never released, at the next allocation, as an ERROR on the logger {@code io.netty.util.ResourceLeakDetector}.
 * The test classpath has slf4j-nop, which Netty refuses in favour of java.util.logging, so a JUL handler on that
 * logger sees every report (checked: {@link #install()} fails otherwise).
 *
 * <p>{@link #assertNoLeaks()} makes the check non-vacuous with a canary: it leaks one buffer of its own on
 * purpose, then runs the collector and allocates (which drains the detector's queue) until the canary is reported;
 * any buffer the server leaked earlier became unreachable before the canary did, so it has been reclaimed by then
 * too, and must have been reported. Reports other than canaries fail the test, with Netty's access records.
 */
public final class LeakWatch {

    private static final String LOGGER = ResourceLeakDetector.class.getName();
    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
    private static final Logger JUL = Logger.getLogger(LOGGER); // held: JUL keeps loggers weakly
    private static final Handler HANDLER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                REPORTS.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static int canaries;
    private static ResourceLeakDetector.Level previous;

    private LeakWatch() {
    }

    /** Turns PARANOID detection on (every buffer tracked) and starts catching reports. */
    public static synchronized void install() {
        assertThat(InternalLoggerFactory.getDefaultFactory()).as("Netty logs through java.util.logging in tests")
                .isInstanceOf(JdkLoggerFactory.class);
        previous = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        JUL.setLevel(Level.ALL);
        JUL.addHandler(HANDLER);
        REPORTS.clear();
    }

    /** Restores the level and stops catching. */
    public static synchronized void uninstall() {
        JUL.removeHandler(HANDLER);
        JUL.setLevel(null);
        if (previous != null) {
            ResourceLeakDetector.setLevel(previous);
        }
    }

    /** Leaks a canary, collects until it is reported, and fails on any other report. */
    public static synchronized void assertNoLeaks() {
        String canary = "leak-canary-" + (++canaries);
        leakOne(canary);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (REPORTS.stream().noneMatch(r -> r.contains(canary))) {
            assertThat(System.nanoTime()).as("the canary leak " + canary + " was never reported; the check cannot"
                    + " see leaks").isLessThan(deadline);
            System.gc();
            drain();
        }
        for (int i = 0; i < 3; i++) { // stragglers the reference handler had not queued yet
            System.gc();
            drain();
        }
        List<String> leaks = REPORTS.stream().filter(r -> !r.contains("leak-canary-")).toList();
        REPORTS.clear(); // each check judges what happened since the last one
        assertThat(leaks).as("buffer leaks reported by Netty").isEmpty();
    }

    private static void leakOne(String hint) {
        ByteBuf b = ByteBufAllocator.DEFAULT.buffer(16);
        b.touch(hint);
        b.writeLong(1); // and dropped without release()
    }

    /** Allocations run the detector's queue (at PARANOID every allocation is tracked). */
    private static void drain() {
        for (int i = 0; i < 64; i++) {
            ByteBufAllocator.DEFAULT.buffer(8).release();
            ByteBufAllocator.DEFAULT.heapBuffer(8).release();
        }
    }
}
