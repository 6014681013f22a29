package io.hgq4j.quantizer.run;

/** A configuration that cannot be used: the one-line message names the file, the key and what was expected. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with a one-line message. */
    public ConfigException(String message) {
        super(message);
    }
}
