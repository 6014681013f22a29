/**
 * {@code hgq4j report}: one self-contained HTML page about a training run or a model.
 *
 * <p>{@link io.hgq4j.report.ReportGenerator} assembles the page. {@link io.hgq4j.report.RunHistory} reads a run
 * folder ({@code metrics.csv}, {@code config.yaml}, {@code pareto/epoch-NNNN.hgq}); {@link io.hgq4j.report.ParetoChart}
 * and {@link io.hgq4j.report.TrainingCurves} draw it. {@link io.hgq4j.report.ModelAnalysis} gathers a model's
 * per-layer EBOPs, resource estimates and latency at a board's clock; {@link io.hgq4j.report.BitwidthCharts},
 * {@link io.hgq4j.report.ResourceCharts} and {@link io.hgq4j.report.BoardFit} draw it. Charts are XChart charts rendered
 * headless to PNG ({@link io.hgq4j.report.Charts}) and embedded as data URIs by {@link io.hgq4j.report.HtmlReport},
 * so the page needs no other file.
 */
package io.hgq4j.report;
