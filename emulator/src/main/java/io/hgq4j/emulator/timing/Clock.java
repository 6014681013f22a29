package io.hgq4j.emulator.timing;

/**
 * The clock a design is scheduled for.
 *
 * @param periodNs    the clock period, ns
 * @param uncertainty the fraction of the period the HLS scheduler keeps in reserve (0 ≤ u &lt; 1)
 */
public record Clock(double periodNs, double uncertainty) {

    /** hls4ml's defaults for Vitis: 5 ns (200 MHz) with 27 % uncertainty. */
    public static final Clock DEFAULT = new Clock(5.0, 0.27);

    /** Validates the numbers. */
    public Clock {
        if (!(periodNs > 0) || !Double.isFinite(periodNs)) {
            throw new IllegalArgumentException("clock period must be a positive number of ns, got " + periodNs);
        }
        if (!(uncertainty >= 0 && uncertainty < 1)) {
            throw new IllegalArgumentException("clock uncertainty must be in [0, 1), got " + uncertainty);
        }
    }

    /** The clock with period {@code periodNs} and the default uncertainty. */
    public static Clock ofPeriod(double periodNs) {
        return new Clock(periodNs, DEFAULT.uncertainty);
    }

    /** The logic delay that fits in one cycle: T·(1 − u), ns. */
    public double budgetNs() {
        return periodNs * (1 - uncertainty);
    }

    /** The frequency, MHz. */
    public double frequencyMhz() {
        return 1000 / periodNs;
    }
}
