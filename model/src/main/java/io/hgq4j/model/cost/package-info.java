/**
 * What a model costs: exact EBOPs (HGQ's resource measure) and per-layer statistics.
 */
package io.hgq4j.model.cost;
