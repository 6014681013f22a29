package io.hgq4j.cli;

import io.hgq4j.emulator.EmulatorException;
import io.hgq4j.interop.keras.ExportException;
import io.hgq4j.interop.keras.ImportException;
import io.hgq4j.model.data.ArrayFormatException;
import io.hgq4j.model.ir.InvalidModelException;
import io.hgq4j.quantizer.data.DataException;
import io.hgq4j.quantizer.run.ConfigException;
import io.hgq4j.quantizer.train.CheckpointException;
import io.hgq4j.runtime.DeviceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns exceptions into the one line a user reads, and tells user mistakes from bugs. */
final class Failures {

    private Failures() {
    }

    /** Whether {@code error} comes from the input rather than from a defect of hgq4j. */
    static boolean isUserError(Throwable error) {
        return error instanceof InvalidModelException || error instanceof ImportException
                || error instanceof ArrayFormatException || error instanceof EmulatorException || error instanceof IOException
                || error instanceof UncheckedIOException || error instanceof IllegalArgumentException
                || error instanceof ConfigException || error instanceof CheckpointException || error instanceof DataException
                || error instanceof DeviceException || error instanceof ExportException;
    }

    /** One line saying what went wrong, naming the file where there is one. */
    static String describe(Throwable error) {
        Throwable e = error instanceof UncheckedIOException u ? u.getCause() : error;
        if (e instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() == null ? f.getClass().getSimpleName() : f.getReason());
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return isUserError(e) ? message : e.getClass().getSimpleName() + ": " + message;
    }
}
