package io.hgq4j.interop.keras;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfInvalidPathException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finding a Keras layer's weight datasets in an HDF5 weights group, as Keras 2 files lay them out: by the group's
 * {@code weight_names} attribute when it has one, else by searching the group (a few levels deep) for datasets
 * named {@code NAME:0}. Shared by the HGQ and QKeras importers.
 */
public final class H5Datasets {

    private H5Datasets() {
    }

    /** The datasets of {@code group} holding weight {@code weight} ({@code kernel}, {@code bias}, ...). */
    public static List<Dataset> matching(Group group, String weight) {
        List<Dataset> found = new ArrayList<>();
        Attribute names = group.getAttribute("weight_names");
        Object data = names == null ? null : names.getData();
        if (data instanceof String[] || data instanceof String) {
            String[] list = data instanceof String single ? new String[] {single} : (String[]) data;
            for (String entry : list) {
                if (entry != null && weight.equals(baseName(entry)) && datasetAt(group, entry) instanceof Dataset d) {
                    found.add(d);
                }
            }
        } else {
            search(group, weight, found, 0);
        }
        return found;
    }

    /** {@code dense_1/kernel:0} → {@code kernel}. */
    public static String baseName(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        return colon < 0 ? last : last.substring(0, colon);
    }

    /** The node at a path listed in weight_names, or null when the file lacks it. */
    private static Node datasetAt(Group group, String path) {
        try {
            return group.getByPath(path);
        } catch (HdfInvalidPathException e) {
            return null;
        }
    }

    private static void search(Group group, String weight, List<Dataset> found, int depth) {
        if (depth > 4) {
            return;
        }
        for (Node child : group.getChildren().values()) {
            if (child instanceof Dataset d && weight.equals(baseName(child.getName()))) {
                found.add(d);
            } else if (child instanceof Group g) {
                search(g, weight, found, depth + 1);
            }
        }
    }
}
