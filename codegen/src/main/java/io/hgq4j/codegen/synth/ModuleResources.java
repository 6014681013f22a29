package io.hgq4j.codegen.synth;

import java.util.List;

/**
 * The cells of one Verilog module (a layer) over all its instances in the design.
 *
 * @param name      the Verilog module name, e.g. {@code l_dense_1}
 * @param variants  the yosys modules that implement it: the name itself, or one derived module per parameter set
 * @param instances how many times it occurs in the hierarchy under the top
 * @param cells     the cells of all those instances, submodules included
 */
public record ModuleResources(String name, List<String> variants, long instances, CellCounts cells) {

    /** Copies the list. */
    public ModuleResources {
        variants = List.copyOf(variants);
    }
}
