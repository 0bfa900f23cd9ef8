package dev.openstackcloud.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Time to build the desired state of one full cloud, every object (target: under 5 ms). Run with
 * {@code hack/jmh.sh}; JVM flags as in production (SerialGC, 256 MiB heap).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-XX:+UseSerialGC", "-Xmx256m"})
public class DesiredStateBenchmark {
  private FullCloudDesiredState fullCloud;

  @Setup
  public void setUp() {
    fullCloud = new FullCloudDesiredState();
  }

  @Benchmark
  public List<HasMetadata> fullCloud() {
    return fullCloud.build();
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(DesiredStateBenchmark.class.getSimpleName()).build())
        .run();
  }
}
