package dev.openstackcloud.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pinned helm, kubectl and netpol-eval that hack/build-tools.sh built, for what needs no
 * cluster: helm lint and template, kubectl kustomize, NetworkPolicy verdicts. Helm keeps its cache
 * and config under target/, never in ~.
 */
public final class Tools {
  public static final Path REPO =
      Path.of(System.getProperty("osc.repoRoot", "..")).toAbsolutePath().normalize();
  private static final Path HELM_HOME = Path.of("target/helm-home").toAbsolutePath();
  private static volatile String bin;

  private Tools() {}

  /** Runs helm in the repository root; returns exit code and combined output. */
  public static Kubectl.Result helm(String... args) {
    return exec(true, "helm", null, args);
  }

  /**
   * netpol-eval (hack/tools/netpol) on {@code input}; fails with its output when it does not
   * answer.
   */
  public static String netpolEval(String input) {
    var result = exec(false, "netpol-eval", input);
    if (result.exitCode() != 0) {
      throw new AssertionError("netpol-eval failed:\n" + result.output());
    }
    return result.output();
  }

  /**
   * {@code helm template} of the repo's chart; fails with helm's output when it does not render.
   */
  public static String helmTemplate(String release, String namespace, String... extraArgs) {
    var args =
        new ArrayList<>(
            List.of(
                "template", release, "charts/openstack-cloud-operator", "--namespace", namespace));
    args.addAll(List.of(extraArgs));
    var result = exec(false, "helm", null, args.toArray(String[]::new));
    if (result.exitCode() != 0) {
      throw new AssertionError("helm " + String.join(" ", args) + " failed:\n" + result.output());
    }
    return result.output();
  }

  /** {@code kubectl kustomize DIR} (relative to the repo root); fails with kubectl's output. */
  public static String kustomize(String dir) {
    var result = exec(false, "kubectl", null, "kustomize", dir);
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + result.output());
    }
    return result.output();
  }

  /** Typed objects of a multi-document manifest (kinds without a model class are generic). */
  public static List<HasMetadata> parse(String yaml) {
    Object parsed =
        new KubernetesSerialization()
            .unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    var objects = new ArrayList<HasMetadata>();
    if (parsed instanceof List<?> list) {
      list.forEach(o -> objects.add((HasMetadata) o));
    } else if (parsed != null) {
      objects.add((HasMetadata) parsed);
    }
    return objects;
  }

  /** The one object of {@code type} named {@code name}. */
  public static <T extends HasMetadata> T find(
      List<HasMetadata> objects, Class<T> type, String name) {
    var found =
        objects.stream()
            .filter(type::isInstance)
            .map(type::cast)
            .filter(o -> o.getMetadata().getName().equals(name))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one "
              + type.getSimpleName()
              + " "
              + name
              + ", found "
              + found.size()
              + " among "
              + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
    }
    return found.get(0);
  }

  /**
   * Runs a tool with {@code stdin} (or none); the output is stdout and stderr, or stdout alone
   * (manifests) unless it fails.
   */
  private static Kubectl.Result exec(
      boolean withStderr, String tool, String stdin, String... args) {
    try {
      var stderr = Files.createTempFile("osc-" + tool, ".err");
      var cmd = new ArrayList<String>(List.of(binDir() + "/" + tool));
      cmd.addAll(List.of(args));
      var pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(withStderr);
      if (!withStderr) {
        pb.redirectError(stderr.toFile());
      }
      pb.environment().put("HELM_CACHE_HOME", HELM_HOME.resolve("cache").toString());
      pb.environment().put("HELM_CONFIG_HOME", HELM_HOME.resolve("config").toString());
      pb.environment().put("HELM_DATA_HOME", HELM_HOME.resolve("data").toString());
      var p = pb.start();
      try (var in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(tool + " did not finish in 60 s:\n" + out);
      }
      if (p.exitValue() != 0 && !withStderr) {
        out = out + Files.readString(stderr);
      }
      Files.deleteIfExists(stderr);
      return new Kubectl.Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String binDir() {
    if (bin == null) {
      bin =
          LocalCluster.run(
                  List.of(REPO.resolve("hack/build-tools.sh").toString(), "--print"),
                  "unused",
                  Duration.ofSeconds(30))
              .trim();
    }
    return bin;
  }
}
