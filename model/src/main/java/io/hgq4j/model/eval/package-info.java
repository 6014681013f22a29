/**
 * The reference evaluator: exact, plain execution of a firmware model, the oracle for every other executor.
 */
package io.hgq4j.model.eval;
