package dev.brigade.bench;

import dev.brigade.model.Cluster;
import dev.brigade.model.ClusterLoader;
import dev.brigade.model.ModelException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long loading and validating a model takes: every CLI command pays it once at start-up.
 *
 * <pre>{@code
 * mvn -Pbench -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar ModelLoadBenchmark -p model=examples/production.yml
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ModelLoadBenchmark {
  /** The model file to load, relative to the folder the benchmark runs in. */
  @Param("examples/production.yml")
  public String model;

  private final ClusterLoader loader = new ClusterLoader(Map.of(), List.of());

  /** Loads and validates the model with its includes. */
  @Benchmark
  public Cluster load() throws ModelException {
    return loader.read(Path.of(model));
  }
}
