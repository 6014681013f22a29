package io.hgq4j.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a test class (a fixture, not run by Surefire itself) through a JUnit launcher and records what happened to
 * each test and container: how tests that use the extension end up (passed, aborted, failed) is what is tested.
 */
final class Fixtures {

    /** The outcome of one run: results by display name ({@code ClassName} or {@code method()}), report entries. */
    record Run(Map<String, TestExecutionResult> results, List<String> reports) {

        TestExecutionResult result(String name) {
            TestExecutionResult r = results.get(name);
            if (r == null) {
                throw new AssertionError("no result for " + name + "; have " + results.keySet());
            }
            return r;
        }

        /** The status of a test or container. */
        TestExecutionResult.Status status(String name) {
            return result(name).getStatus();
        }

        /** The message of the throwable a test or container ended with. */
        String message(String name) {
            return result(name).getThrowable().map(Throwable::getMessage).orElse("<no throwable>");
        }

        /** The type of the throwable a test or container ended with. */
        Class<?> thrown(String name) {
            return result(name).getThrowable().<Class<?>>map(Object::getClass).orElse(null);
        }
    }

    private Fixtures() {
    }

    static Run run(Class<?> fixture) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(fixture))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .build();
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        List<String> reports = new ArrayList<>();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                results.put(name(id), result);
            }

            @Override
            public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
                synchronized (reports) {
                    entry.getKeyValuePairs().forEach((k, v) -> reports.add(name(id) + " " + k + "=" + v));
                }
            }
        });
        return new Run(results, reports);
    }

    /** A test's display name; a nested fixture class's simple name. */
    private static String name(TestIdentifier id) {
        String name = id.getDisplayName();
        return name.substring(name.lastIndexOf('$') + 1);
    }
}
