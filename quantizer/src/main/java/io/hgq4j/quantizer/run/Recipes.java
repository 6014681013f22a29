package io.hgq4j.quantizer.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The bundled configurations: {@code digits} (the quick demo on the bundled data), {@code mnist-mlp},
 * {@code mnist-cnn} (the topology of the HGQ authors' MNIST example) and {@code jet-tagging} (the HGQ paper's jet
 * classifier, data set, split, scaling, β schedule and optimizer).
 */
public final class Recipes {

    /** The recipe names. */
    public static final List<String> NAMES = List.of("digits", "mnist-mlp", "mnist-cnn", "jet-tagging");

    private Recipes() {
    }

    /** The YAML text of recipe {@code name}. */
    public static String text(String name) {
        if (!NAMES.contains(name)) {
            throw new ConfigException("no recipe '" + name + "' (recipes: " + String.join(", ", NAMES) + ")");
        }
        try (InputStream in = Recipes.class.getResourceAsStream("/io/hgq4j/quantizer/recipes/" + name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("recipe resource " + name + ".yaml is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Recipe {@code name}, with {@code overrides} (key path → YAML value) applied. */
    public static RunConfig load(String name, Map<String, String> overrides) {
        return RunConfig.parse(text(name), "recipe " + name, overrides);
    }
}
