package io.hgq4j.cli;

import io.hgq4j.emulator.timing.Clock;
import picocli.CommandLine.Option;

/** The clock options of every command that estimates latency. */
final class ClockOptions {

    @Option(names = "--clock-ns", paramLabel = "T", defaultValue = "5.0",
            description = "Clock period for the latency estimate, ns (default: ${DEFAULT-VALUE}).")
    double periodNs;

    @Option(names = "--uncertainty", paramLabel = "U", defaultValue = "0.27",
            description = "Fraction of the period the scheduler keeps in reserve (default: ${DEFAULT-VALUE}).")
    double uncertainty;

    /** The clock the options describe. */
    Clock clock() {
        return new Clock(periodNs, uncertainty);
    }
}
