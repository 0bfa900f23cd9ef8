package dev.openstackcloud.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code openstack} CLI in a pod of the cloud's namespace (Kolla's kolla-toolbox image, on the
 * real node), reading the cloud's own clouds.yaml Secret: what a user of the cloud runs.
 */
public final class OpenStackCli {
  public static final String POD = "openstack-cli";

  /** What a command printed and how it exited. */
  public record Result(int exitCode, String stdout, String stderr) {
    public String out() {
      if (exitCode != 0) {
        throw new AssertionError("exit " + exitCode + ": " + stderr + stdout);
      }
      return stdout;
    }
  }

  private final KubernetesClient client;
  private final String namespace;

  private OpenStackCli(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Starts the CLI pod for cloud {@code cloud} and waits until it runs. */
  public static OpenStackCli start(
      KubernetesClient client,
      String namespace,
      String cloud,
      String image,
      Map<String, String> nodeSelector,
      List<Toleration> tolerations) {
    client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(POD)
                .endMetadata()
                .withNewSpec()
                .withNodeSelector(nodeSelector)
                .withTolerations(tolerations)
                .withTerminationGracePeriodSeconds(1L)
                .withEnableServiceLinks(false)
                .addNewContainer()
                .withName("cli")
                .withImage(image)
                .withImagePullPolicy("Never")
                .withCommand("sleep", "infinity")
                .addNewEnv()
                .withName("OS_CLOUD")
                .withValue(cloud)
                .endEnv()
                .addNewVolumeMount()
                .withName("clouds")
                .withMountPath("/etc/openstack")
                .withReadOnly(true)
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("clouds")
                .withNewSecret()
                .withSecretName(cloud + "-admin-clouds-yaml")
                .endSecret()
                .endVolume()
                .endSpec()
                .build())
        .serverSideApply();
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              var p = client.pods().inNamespace(namespace).withName(POD).get();
              return p != null
                  && p.getStatus() != null
                  && "Running".equals(p.getStatus().getPhase());
            });
    return new OpenStackCli(client, namespace);
  }

  /** {@code openstack ARGS...} */
  public Result openstack(String... args) {
    var command = new String[args.length + 1];
    command[0] = "openstack";
    System.arraycopy(args, 0, command, 1, args.length);
    return exec(command);
  }

  /** A shell command line in the CLI pod. */
  public Result sh(String script) {
    return exec("sh", "-c", script);
  }

  public Result exec(String... command) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    try (var exec =
        client
            .pods()
            .inNamespace(namespace)
            .withName(POD)
            .writingOutput(out)
            .writingError(err)
            .exec(command)) {
      int code = exec.exitCode().get(3, TimeUnit.MINUTES);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e, e);
    }
  }
}
