package io.hgq4j.emulator;

/** A model the emulator cannot run (it names the layer and the limit), or a failure while running one. */
public class EmulatorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public EmulatorException(String message) {
        super(message);
    }
}
