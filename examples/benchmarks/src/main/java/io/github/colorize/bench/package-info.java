/**
 * JMH benchmarks of colorize. Each benchmark class holds one area (color science, backends, ...);
 * run them all with {@code java -jar examples/benchmarks/target/benchmarks.jar}, or a subset by
 * regular expression, e.g. {@code ... benchmarks.jar ColorScience}.
 */
package io.github.colorize.bench;
