package io.hgq4j.runtime;

/**
 * A device operation failed: the message names the operation, the device's answer (status bits, errno) and, where
 * one is known, what to do about it.
 */
public class DeviceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with its full message. */
    public DeviceException(String message) {
        super(message);
    }

    /** An error caused by another. */
    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
