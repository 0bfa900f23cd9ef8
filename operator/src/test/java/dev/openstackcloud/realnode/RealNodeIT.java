package dev.openstackcloud.realnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import dev.openstackcloud.testing.RealCluster;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real node of the real tier: real containers from an image built here (the probe image), a Job
 * that completes, a Service found by its DNS name, logs, exec and port-forward, and no way off the
 * machine.
 */
@Tag("real")
@ExtendWith(RealCluster.class)
class RealNodeIT {
  static final String PROBE = "osc.local/probe:1";
  private static final Duration POD_TIMEOUT = Duration.ofMinutes(2);

  @Test
  void sixFakeNodesAndOneRealNodeAreReady(KubernetesClient client) {
    var nodes = client.nodes().list().getItems();
    assertThat(nodes)
        .hasSize(7)
        .allSatisfy(n -> assertThat(ready(n)).as(n.getMetadata().getName() + " Ready").isTrue());
    var real = client.nodes().withName("real-1").get();
    assertThat(real.getMetadata().getLabels())
        .containsEntry("openstackcloud.dev/real-node", "true")
        .containsEntry("openstackcloud.dev/control-plane", "true")
        .containsEntry("openstackcloud.dev/compute", "true")
        .containsEntry("openstackcloud.dev/network", "true");
    assertThat(real.getMetadata().getAnnotations()).doesNotContainKey("kwok.x-k8s.io/node");
    assertThat(real.getSpec().getTaints())
        .extracting(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect())
        .contains("openstackcloud.dev/real-node=true:NoSchedule");
    assertThat(real.getStatus().getNodeInfo().getContainerRuntimeVersion())
        .startsWith("containerd://2.4");
    assertThat(nodes)
        .filteredOn(n -> !n.getMetadata().getName().equals("real-1"))
        .allSatisfy(
            n ->
                assertThat(n.getMetadata().getAnnotations())
                    .containsEntry("kwok.x-k8s.io/node", "fake"));
  }

  @Test
  void aJobCompletesOnTheRealNode(KubernetesClient client, TestNamespace ns) {
    var job =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(ns.name())
            .resource(
                new JobBuilder()
                    .withNewMetadata()
                    .withName("sleep")
                    .endMetadata()
                    .withNewSpec()
                    .withBackoffLimit(0)
                    .withNewTemplate()
                    .withSpec(onRealNode(probe("sleep", "sleep", "1"), "Never"))
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();
    await()
        .atMost(POD_TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(client.resource(job).get().getStatus().getSucceeded())
                    .as("succeeded pods")
                    .isEqualTo(1));
    var pod =
        client
            .pods()
            .inNamespace(ns.name())
            .withLabel("job-name", "sleep")
            .list()
            .getItems()
            .get(0);
    assertThat(pod.getSpec().getNodeName()).isEqualTo("real-1");
    assertThat(
            pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode())
        .isZero();
  }

  @Test
  void aServiceAnswersAnotherPodThroughItsDnsNameAndLogsExecAndPortForwardWork(
      KubernetesClient client, TestNamespace ns) throws Exception {
    var labels = Map.of("app", "web");
    client
        .apps()
        .deployments()
        .inNamespace(ns.name())
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withSpec(onRealNode(probe("web", "serve", ":8080"), "Always"))
                .endTemplate()
                .endSpec()
                .build())
        .create();
    client
        .services()
        .inNamespace(ns.name())
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withSelector(labels)
                .addNewPort()
                .withPort(80)
                .withTargetPort(new IntOrString(8080))
                .endPort()
                .endSpec()
                .build())
        .create();
    await()
        .atMost(POD_TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .apps()
                            .deployments()
                            .inNamespace(ns.name())
                            .withName("web")
                            .get()
                            .getStatus()
                            .getReadyReplicas())
                    .isEqualTo(1));

    var out =
        runToCompletion(client, ns, "client", "get", "http://web." + ns.name() + ".svc/", "20");
    assertThat(out).as("the answer through the Service's DNS name").contains("hello from web-");

    var server =
        client.pods().inNamespace(ns.name()).withLabel("app", "web").list().getItems().get(0);
    var pod = client.pods().inNamespace(ns.name()).withName(server.getMetadata().getName());
    assertThat(pod.getLog())
        .as("kubectl logs")
        .contains("serving on :8080")
        .contains("GET / from ");

    var stdout = new ByteArrayOutputStream();
    try (var exec = pod.writingOutput(stdout).exec("/probe", "echo", "exec", "works")) {
      assertThat(exec.exitCode().get(30, TimeUnit.SECONDS)).isZero();
    }
    assertThat(stdout.toString()).as("kubectl exec").isEqualTo("exec works\n");

    try (var forward = pod.portForward(8080)) {
      var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      var response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.body()).as("kubectl port-forward").startsWith("hello from web-");
    }
  }

  @Test
  void nothingInAPodReachesBeyondTheMachine(KubernetesClient client, TestNamespace ns) {
    var routes = runToCompletion(client, ns, "routes", "routes");
    assertThat(routes.lines())
        .as("routes in a pod")
        .isNotEmpty()
        .noneMatch(l -> l.contains(" 0.0.0.0/0.0.0.0 "));
    assertThat(
            runToCompletion(
                    client, ns, "cluster-name", "resolve", "kubernetes.default.svc.cluster.local")
                .trim())
        .isEqualTo("10.96.0.1");
    assertThat(runToFailure(client, ns, "outside-name", "resolve", "quay.io"))
        .as("a name outside the cluster")
        .contains("no such host");
    assertThat(runToFailure(client, ns, "fake-pod", "dial", "10.244.0.10:80"))
        .as("a fake pod's address")
        .containsAnyOf("unreachable", "no route");
    assertThat(runToFailure(client, ns, "internet", "dial", "192.0.2.1:443"))
        .as("an address off the machine")
        .containsAnyOf("unreachable", "no route");

    var missing =
        client
            .pods()
            .inNamespace(ns.name())
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("not-local")
                    .endMetadata()
                    .withSpec(
                        onRealNode(
                            new ContainerBuilder()
                                .withName("c")
                                .withImage("quay.io/openstack.kolla/keystone:2025.1-ubuntu-noble")
                                .withImagePullPolicy("IfNotPresent")
                                .build(),
                            "Never"))
                    .build())
            .create();
    long start = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              var waiting = client.resource(missing).get().getStatus().getContainerStatuses();
              assertThat(waiting).isNotEmpty();
              assertThat(waiting.get(0).getState().getWaiting()).isNotNull();
              assertThat(waiting.get(0).getState().getWaiting().getReason())
                  .isIn("ErrImagePull", "ImagePullBackOff");
            });
    var message =
        client
            .resource(missing)
            .get()
            .getStatus()
            .getContainerStatuses()
            .get(0)
            .getState()
            .getWaiting()
            .getMessage();
    System.out.printf(
        "an image that is not local failed after %.1f s: %s%n",
        (System.nanoTime() - start) / 1e9, message);
    assertThat(message).contains("127.0.0.1:1");
  }

  /**
   * Runs probe with {@code args} in a pod on the real node; returns its output once it succeeded.
   */
  static String runToCompletion(
      KubernetesClient client, TestNamespace ns, String name, String... args) {
    return runUntil(client, ns, "Succeeded", name, args);
  }

  /** Runs probe with {@code args} in a pod on the real node; returns its output once it failed. */
  static String runToFailure(
      KubernetesClient client, TestNamespace ns, String name, String... args) {
    return runUntil(client, ns, "Failed", name, args);
  }

  private static String runUntil(
      KubernetesClient client,
      TestNamespace ns,
      String expectedPhase,
      String name,
      String... args) {
    var pod = run(client, ns, name, args);
    await()
        .atMost(POD_TIMEOUT)
        .until(() -> phase(client.resource(pod).get()).matches("Succeeded|Failed"));
    var log = client.pods().inNamespace(ns.name()).withName(name).getLog();
    assertThat(phase(client.resource(pod).get()))
        .as("probe " + String.join(" ", args) + ": " + log)
        .isEqualTo(expectedPhase);
    return log;
  }

  private static Pod run(KubernetesClient client, TestNamespace ns, String name, String... args) {
    return client
        .pods()
        .inNamespace(ns.name())
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withSpec(onRealNode(probe("probe", args), "Never"))
                .build())
        .create();
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null
        ? ""
        : pod.getStatus().getPhase();
  }

  static io.fabric8.kubernetes.api.model.Container probe(String name, String... args) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(PROBE)
        .withImagePullPolicy("Never")
        .withCommand("/probe")
        .withArgs(args)
        .withNewSecurityContext()
        .withRunAsUser(65534L)
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .endSecurityContext()
        .build();
  }

  /**
   * A pod spec that only the real node takes: it tolerates the node's taint and selects its label.
   */
  static PodSpec onRealNode(
      io.fabric8.kubernetes.api.model.Container container, String restartPolicy) {
    return new PodSpecBuilder()
        .withContainers(List.of(container))
        .withRestartPolicy(restartPolicy)
        .withNodeSelector(Map.of("openstackcloud.dev/real-node", "true"))
        .addNewToleration()
        .withKey("openstackcloud.dev/real-node")
        .withOperator("Exists")
        .withEffect("NoSchedule")
        .endToleration()
        .withTerminationGracePeriodSeconds(5L)
        .withEnableServiceLinks(false)
        .withAutomountServiceAccountToken(false)
        .build();
  }

  private static boolean ready(Node n) {
    return n.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
