package dev.openstackcloud.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The cluster's own kubectl, for what users do with it (apply with strict field validation). */
public final class Kubectl {
  public record Result(int exitCode, String output) {}

  private Kubectl() {}

  static Result run(Path repo, Path kubeconfig, String stdin, String... args) {
    try {
      var bin =
          LocalCluster.run(
                  List.of(repo.resolve("hack/build-tools.sh").toString(), "--print"),
                  "unused",
                  java.time.Duration.ofSeconds(30))
              .trim();
      var cmd =
          new ArrayList<String>(List.of(bin + "/kubectl", "--kubeconfig", kubeconfig.toString()));
      cmd.addAll(List.of(args));
      var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
