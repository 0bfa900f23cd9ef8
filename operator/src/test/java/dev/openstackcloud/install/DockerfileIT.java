package dev.openstackcloud.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.testing.Tools;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the Dockerfile without Docker: every path it copies exists (the shaded jar
 * after `mvn package`, which is why this is an integration test), the build context keeps them, and
 * the runtime stage is the one the chart expects (non-root uid, the jar it was given).
 */
class DockerfileIT {
  private static final Path REPO = Tools.REPO;
  private static List<Stage> stages;

  /**
   * One FROM ... section: its base image, working directory and instructions (continuations
   * joined).
   */
  record Stage(String image, String name, String workdir, List<String> instructions) {
    List<String> args(String instruction) {
      return instructions.stream()
          .filter(i -> i.startsWith(instruction + " "))
          .map(i -> i.substring(instruction.length() + 1).trim())
          .toList();
    }
  }

  @BeforeAll
  static void parse() throws IOException {
    var joined = Files.readString(REPO.resolve("Dockerfile")).replaceAll("\\\\\n", " ");
    stages = new ArrayList<>();
    List<String> current = null;
    String image = null;
    String name = null;
    String workdir = "/";
    for (var line : joined.split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      var m =
          Pattern.compile("^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?$", Pattern.CASE_INSENSITIVE)
              .matcher(line);
      if (m.matches()) {
        if (current != null) {
          stages.add(new Stage(image, name, workdir, current));
        }
        image = m.group(1);
        name = m.group(2);
        workdir = "/";
        current = new ArrayList<>();
        continue;
      }
      if (line.startsWith("WORKDIR ")) {
        workdir = line.substring(8).trim();
      }
      current.add(line);
    }
    stages.add(new Stage(image, name, workdir, current));
  }

  @Test
  void baseImagesAreNamedWithoutARegistryHostAndPinnedToATag() {
    assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
    for (var stage : stages) {
      assertThat(hasRegistryHost(stage.image()))
          .as("%s names a registry host", stage.image())
          .isFalse();
      assertThat(stage.image())
          .as("%s is not pinned to a tag", stage.image())
          .matches("[^:]+:[^:]+")
          .doesNotEndWith(":latest");
    }
  }

  @Test
  void everyBuildContextCopyExistsAndIsNotIgnored() throws IOException {
    var ignore =
        Files.readAllLines(REPO.resolve(".dockerignore")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    var sources =
        stages.stream()
            .flatMap(s -> s.args("COPY").stream())
            .filter(a -> !a.startsWith("--from="))
            .flatMap(a -> sources(a).stream())
            .toList();
    assertThat(sources).contains("pom.xml", "operator/src");
    for (var source : sources) {
      var path = REPO.resolve(source);
      assertThat(path).as("COPY %s", source).exists();
      try (Stream<Path> files = Files.walk(path)) {
        for (var file : files.filter(Files::isRegularFile).toList()) {
          var relative = REPO.relativize(file).toString();
          assertThat(ignored(ignore, relative))
              .as("%s is copied but .dockerignore drops it from the context", relative)
              .isFalse();
        }
      }
    }
    assertThat(ignored(ignore, "operator/target/openstack-cloud-operator.jar"))
        .as("a local build leaks into the context")
        .isTrue();
  }

  @Test
  void runtimeStageCopiesOnlyTheShadedJarFromTheBuildAndRunsIt() throws IOException {
    var build = stages.get(0);
    var runtime = stages.get(stages.size() - 1);
    var copies = runtime.args("COPY");
    assertThat(copies).as("the runtime stage copies one thing").hasSize(1);
    var copy = copies.get(0);
    assertThat(copy).startsWith("--from=" + build.name() + " ");
    var parts = sources(copy);
    var from = Path.of(parts.get(0));
    var to = copy.substring(copy.lastIndexOf(' ') + 1);
    assertThat(from.isAbsolute()).isTrue();
    var built = REPO.resolve(Path.of(build.workdir()).relativize(from).toString());
    assertThat(built).as("the jar the Dockerfile copies, after mvn package").exists();
    try (var jar = new JarFile(built.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.openstackcloud.OperatorMain");
      assertThat(jar.getEntry("io/javaoperatorsdk/operator/Operator.class"))
          .as("dependencies shaded in")
          .isNotNull();
    }
    var entrypoint = runtime.args("ENTRYPOINT");
    assertThat(entrypoint).hasSize(1);
    assertThat(entrypoint.get(0))
        .startsWith("[\"java\"")
        .contains(
            "\"-XX:MaxRAMPercentage=", "\"-XX:+ExitOnOutOfMemoryError\"", "\"-XX:+UseSerialGC\"")
        .endsWith("\"-jar\", \"" + to + "\"]");
    // the same JVM options as every other launcher (java @operator/jvm.options)
    for (var option : Files.readAllLines(REPO.resolve("operator/jvm.options"))) {
      option = option.strip();
      if (!option.isEmpty() && !option.startsWith("#")) {
        assertThat(entrypoint.get(0))
            .as("ENTRYPOINT has %s of operator/jvm.options", option)
            .contains("\"" + option + "\"");
      }
    }
    assertThat(runtime.instructions())
        .as("at most 2 malloc arenas, as the other launchers")
        .contains("ENV MALLOC_ARENA_MAX=2");
  }

  @Test
  void runtimeUserIsTheNumericNonRootUidTheChartRunsAs() throws IOException {
    var runtime = stages.get(stages.size() - 1);
    var users = runtime.args("USER");
    assertThat(users).hasSize(1);
    var uid = users.get(0).split(":")[0];
    assertThat(uid)
        .as("numeric, so runAsNonRoot can verify it")
        .matches("[0-9]+")
        .isNotEqualTo("0");
    var values = Files.readString(REPO.resolve("charts/openstack-cloud-operator/values.yaml"));
    assertThat(values).contains("runAsUser: " + uid);
    assertThat(Files.readString(REPO.resolve("config/manager/deployment.yaml")))
        .contains("runAsUser: " + uid);
    var runtimeIndex = runtime.instructions().indexOf("USER " + users.get(0));
    var copyIndex =
        runtime.instructions().stream()
            .filter(i -> i.startsWith("COPY "))
            .findFirst()
            .map(runtime.instructions()::indexOf)
            .orElseThrow();
    assertThat(copyIndex)
        .as("the jar is copied while still root, so the operator cannot rewrite it")
        .isLessThan(runtimeIndex);
  }

  /** The source operands of a COPY (all but the last operand, options dropped). */
  private static List<String> sources(String copyArgs) {
    var operands = Stream.of(copyArgs.split("\\s+")).filter(a -> !a.startsWith("--")).toList();
    return operands.subList(0, operands.size() - 1);
  }

  /**
   * Docker's rule: the last pattern matching the path or one of its parents decides; "!"
   * re-includes.
   */
  static boolean ignored(List<String> patterns, String path) {
    boolean excluded = false;
    for (var raw : patterns) {
      boolean negate = raw.startsWith("!");
      var pattern = negate ? raw.substring(1) : raw;
      var matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      for (var p = Path.of(path); p != null; p = p.getParent()) {
        if (matcher.matches(p)) {
          excluded = !negate;
          break;
        }
      }
    }
    return excluded;
  }

  /**
   * As Docker reads a reference: a first component with a dot or a port, or localhost, is a
   * registry.
   */
  static boolean hasRegistryHost(String image) {
    int slash = image.indexOf('/');
    if (slash < 0) {
      return false;
    }
    var first = image.substring(0, slash);
    return first.contains(".") || first.contains(":") || first.equals("localhost");
  }
}
