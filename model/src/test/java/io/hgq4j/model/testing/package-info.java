/**
 * Test fixtures shared with the other modules through the test-jar: random valid models of every layer kind.
 */
package io.hgq4j.model.testing;
