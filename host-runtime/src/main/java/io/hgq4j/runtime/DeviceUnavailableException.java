package io.hgq4j.runtime;

/** A device kind cannot be used here; the message says why (no library, no board, wrong platform, ...). */
public class DeviceUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The reason, as one short clause (it is joined into the log line of {@link Devices#open}). */
    public DeviceUnavailableException(String reason) {
        super(reason);
    }

    /** The reason and its cause. */
    public DeviceUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
