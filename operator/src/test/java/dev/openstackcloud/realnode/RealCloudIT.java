package dev.openstackcloud.realnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openstackcloud.CloudOperator;
import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.ImagesSpec.PullPolicy;
import dev.openstackcloud.api.v1alpha1.spec.OpenvswitchSpec;
import dev.openstackcloud.reconciler.Conditions;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.OpenStackCli;
import dev.openstackcloud.testing.RealCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ci-fake cloud (Keystone, Glance, Placement, Nova on the fake driver, Neutron, Horizon) on the
 * real node, from the Kolla images built here, called with the openstack CLI through the cloud's
 * own clouds.yaml. One cloud for every test of the class: they run in order and build on each other
 * (what the user created survives the database's restart).
 */
@Tag("real")
@ExtendWith(RealCluster.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealCloudIT {
  private static final String NS = "real-cloud";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private KubernetesClient client;
  private CloudOperator operator;
  private OpenStackCloud cloud;
  private OpenStackCli cli;

  @BeforeAll
  void startTheCloud() {
    client = RealCluster.client();
    RealCluster.kollaImages();
    if (client.namespaces().withName(NS).get() != null) {
      client.namespaces().withName(NS).delete();
      await()
          .atMost(Duration.ofMinutes(3))
          .until(() -> client.namespaces().withName(NS).get() == null);
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NS)
                .addToLabels("openstackcloud.dev/test", "true")
                .endMetadata()
                .build())
        .create();
    operator = Clouds.operator(RealCluster.config(), NS);
    var sample = onRealNode(Clouds.sample(client, "ci-fake.yaml", NS));
    sample.getSpec().getServices().getNova().getCompute().setFakeHypervisors(1);
    // this machine's kernel has no openvswitch module: Open vSwitch's userspace datapath instead
    sample
        .getSpec()
        .getServices()
        .getNeutron()
        .getOpenvswitch()
        .setDatapath(OpenvswitchSpec.Datapath.netdev);
    var created = client.resource(sample).create();
    var applied = Instant.parse(created.getMetadata().getCreationTimestamp());
    await()
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> Clouds.isReady(Clouds.get(client, created)));
    cloud = Clouds.get(client, created);
    System.out.printf(
        "real ci-fake cloud: apply -> Keystone ready %.1f s, apply -> Ready %.1f s%n",
        secondsSince(applied, transition(cloud, "KeystoneReady")),
        secondsSince(applied, Instant.now()));
    cli =
        OpenStackCli.start(
            client,
            NS,
            cloud.getMetadata().getName(),
            RealCluster.KOLLA_REGISTRY + "/kolla-toolbox:2025.1-" + RealCluster.KOLLA_DISTRO,
            Map.of("openstackcloud.dev/real-node", "true"),
            List.of(realNodeToleration()));
  }

  @AfterAll
  void stopTheCloud() {
    if (operator != null) {
      operator.close();
    }
    if (client != null && !Boolean.getBoolean("osc.keepNamespaces")) {
      client.namespaces().withName(NS).delete();
    }
  }

  @Test
  @Order(1)
  void aTokenIsIssuedAndTheCatalogIsTheOneStatusShows() throws Exception {
    assertThat(cli.openstack("token", "issue", "-f", "value", "-c", "id").out().trim())
        .hasSizeGreaterThan(20);
    var catalog =
        json(cli.openstack("endpoint", "list", "--interface", "internal", "-f", "json").out());
    var internal = new ArrayList<String>();
    catalog.forEach(
        e -> internal.add(e.get("Service Type").asText() + "=" + e.get("URL").asText()));
    var status =
        cloud.getStatus().getEndpoints().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .toList();
    System.out.println("internal endpoints in the catalog: " + internal);
    assertThat(internal)
        .as("the catalog's internal endpoints")
        .containsExactlyInAnyOrderElementsOf(status);
  }

  @Test
  @Order(2)
  void aUserOfItsOwnProjectGetsAToken() {
    cli.openstack("project", "create", "--domain", "default", "demo").out();
    cli.openstack(
            "user",
            "create",
            "--domain",
            "default",
            "--project",
            "demo",
            "--password",
            "demo-secret-1",
            "demo")
        .out();
    cli.openstack("role", "add", "--project", "demo", "--user", "demo", "member").out();
    var token =
        cli.sh(
                "OS_CLOUD= openstack --os-auth-url "
                    + keystoneUrl()
                    + " --os-identity-api-version 3 --os-username demo --os-password demo-secret-1"
                    + " --os-project-name demo --os-user-domain-name Default --os-project-domain-name Default token issue -f value -c project_id")
            .out()
            .trim();
    assertThat(token)
        .isEqualTo(
            cli.openstack("project", "show", "demo", "-f", "value", "-c", "id").out().trim());
  }

  @Test
  @Order(3)
  void anImageUploadedToGlanceComesBackByteForByte() {
    cli.sh("head -c 3145728 /dev/urandom > /tmp/disk.raw").out();
    cli.openstack(
            "image",
            "create",
            "--disk-format",
            "raw",
            "--container-format",
            "bare",
            "--file",
            "/tmp/disk.raw",
            "tiny")
        .out();
    cli.openstack("image", "save", "--file", "/tmp/back.raw", "tiny").out();
    var sums =
        cli.sh("sha256sum /tmp/disk.raw /tmp/back.raw | cut -d' ' -f1").out().lines().toList();
    assertThat(sums).hasSize(2);
    assertThat(sums.get(1)).as("checksum of the downloaded image").isEqualTo(sums.get(0));
    assertThat(cli.openstack("image", "show", "tiny", "-f", "value", "-c", "status").out().trim())
        .isEqualTo("active");
  }

  @Test
  @Order(4)
  void computeServicesAreUpAndTheHypervisorIsInPlacement() throws Exception {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              var services = json(cli.openstack("compute", "service", "list", "-f", "json").out());
              assertThat(
                      StreamSupport.stream(services.spliterator(), false)
                          .map(s -> s.get("Binary").asText() + "@" + s.get("State").asText())
                          .toList())
                  .contains("nova-scheduler@up", "nova-conductor@up", "nova-compute@up")
                  .allMatch(s -> s.endsWith("@up"));
            });
    var providers =
        cli.sh(
                "curl -sf -H \"X-Auth-Token: $(openstack token issue -f value -c id)\" -H 'OpenStack-API-Version: placement 1.20' "
                    + cloud.getStatus().getEndpoints().get("placement")
                    + "/resource_providers")
            .out();
    assertThat(json(providers).get("resource_providers").findValuesAsText("name"))
        .as("resource providers in Placement")
        .contains("nova-compute-fake-0");
  }

  @Test
  @Order(5)
  void aServerOnTheFakeDriverGoesActiveAndIsDeleted() {
    cli.openstack("flavor", "create", "--ram", "64", "--disk", "1", "--vcpus", "1", "m1.nano")
        .out();
    cli.openstack(
            "server",
            "create",
            "--flavor",
            "m1.nano",
            "--image",
            "tiny",
            "--nic",
            "none",
            "--wait",
            "vm1")
        .out();
    assertThat(cli.openstack("server", "show", "vm1", "-f", "value", "-c", "status").out().trim())
        .isEqualTo("ACTIVE");
    assertThat(
            cli.openstack("server", "show", "vm1", "-f", "value", "-c", "OS-EXT-SRV-ATTR:host")
                .out()
                .trim())
        .isEqualTo("nova-compute-fake-0");
    cli.openstack("server", "delete", "--wait", "vm1").out();
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(
                        cli.openstack("server", "list", "-f", "value", "-c", "Name", "-c", "Status")
                            .out())
                    .as("servers after the delete")
                    .doesNotContain("vm1"));
  }

  @Test
  @Order(6)
  void neutronServerManagesNetworksSubnetsAndRouters() {
    cli.openstack("network", "create", "net1").out();
    cli.openstack(
            "subnet", "create", "--network", "net1", "--subnet-range", "192.168.77.0/24", "sub1")
        .out();
    cli.openstack("router", "create", "r1").out();
    cli.openstack("router", "add", "subnet", "r1", "sub1").out();
    assertThat(cli.openstack("router", "show", "r1", "-f", "value", "-c", "status").out().trim())
        .isEqualTo("ACTIVE");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              var agents = json(cli.openstack("network", "agent", "list", "-f", "json").out());
              assertThat(
                      StreamSupport.stream(agents.spliterator(), false)
                          .map(a -> a.get("Agent Type").asText() + "@" + a.get("Alive").asText())
                          .toList())
                  .as("Neutron's agents")
                  .contains(
                      "DHCP agent@true",
                      "L3 agent@true",
                      "Open vSwitch agent@true",
                      "Metadata agent@true");
            });
    System.out.println(
        "network agents: "
            + cli.openstack(
                    "network", "agent", "list", "-c", "Agent Type", "-c", "Host", "-c", "Alive")
                .out());
  }

  @Test
  @Order(7)
  void horizonServesItsLoginPageAndStaticFiles() {
    var base = "http://horizon." + NS + ".svc:8080";
    var page = cli.sh("curl -sfL " + base + "/auth/login/").out();
    assertThat(page).contains("csrfmiddlewaretoken").contains("/static/");
    var css = page.replaceAll("(?s).*?(/static/[^\"']+\\.css).*", "$1");
    assertThat(css).as("a stylesheet of the login page").startsWith("/static/").endsWith(".css");
    assertThat(
            cli.sh("curl -sf -o /dev/null -w '%{http_code} %{content_type}' " + base + css).out())
        .startsWith("200 text/css");
  }

  /**
   * A database pod deleted: it stops on SIGTERM well inside its grace period (exit 0, no InnoDB
   * crash recovery at the next start), and what users created is still there, tokens included.
   */
  @Test
  @Order(8)
  void theDatabaseRestartsCleanlyAndKeepsTheData() throws Exception {
    var token = cli.openstack("token", "issue", "-f", "value", "-c", "id").out().trim();
    var stop = deleteAndWatch("mariadb-0");
    System.out.printf("mariadb-0 stopped in %.1f s, exit %s%n", stop.seconds(), stop.exitCodes());
    assertThat(stop.exitCodes()).as("exit codes of mariadb-0's containers").containsOnly(0);
    assertThat(stop.seconds()).as("seconds from delete to stopped").isLessThan(20);
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> Clouds.isReady(Clouds.get(client, cloud)));
    var log = client.pods().inNamespace(NS).withName("mariadb-0").getLog();
    assertThat(log)
        .as("mariadb's log after the restart")
        .contains("ready for connections")
        .doesNotContain("crash recovery");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(
                        cli.openstack("user", "show", "demo", "-f", "value", "-c", "name")
                            .exitCode())
                    .isZero());
    assertThat(cli.openstack("project", "show", "demo", "-f", "value", "-c", "name").out().trim())
        .isEqualTo("demo");
    assertThat(cli.openstack("image", "show", "tiny", "-f", "value", "-c", "status").out().trim())
        .isEqualTo("active");
    assertThat(cli.openstack("network", "show", "net1", "-f", "value", "-c", "name").out().trim())
        .isEqualTo("net1");
    assertThat(
            cli.sh(
                    "OS_CLOUD= openstack --os-auth-type token --os-token "
                        + token
                        + " --os-auth-url "
                        + keystoneUrl()
                        + " --os-project-name admin --os-project-domain-name Default token issue -f value -c expires")
                .exitCode())
        .as("a token issued before the restart still validates")
        .isZero();
  }

  @Test
  @Order(9)
  void theQueueStopsCleanlyOnSigterm() {
    var stop = deleteAndWatch("rabbitmq-0");
    System.out.printf("rabbitmq-0 stopped in %.1f s, exit %s%n", stop.seconds(), stop.exitCodes());
    assertThat(stop.exitCodes()).as("exit codes of rabbitmq-0's containers").containsOnly(0);
    assertThat(stop.seconds()).isLessThan(20);
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> Clouds.isReady(Clouds.get(client, cloud)));
  }

  @Test
  @Order(10)
  void anUnchangedRealCloudCostsNoWrites() throws Exception {
    var before = operator.writes();
    Clouds.forceReconcile(client, Clouds.get(client, cloud), operator);
    assertThat(operator.writes() - before)
        .as("writes made by reconciling an unchanged real cloud")
        .isZero();
  }

  @Test
  @Order(11)
  void theCloudIsReadyAndSaysSo() {
    var c = Clouds.get(client, cloud);
    assertThat(Conditions.isTrue(c.getStatus().getConditions(), Conditions.READY)).isTrue();
    assertThat(c.getStatus().getConditions())
        .filteredOn(x -> x.getType().endsWith("Ready"))
        .allMatch(x -> "True".equals(x.getStatus()));
  }

  // --- helpers ----------------------------------------------------------------------------------

  record Stop(double seconds, List<Integer> exitCodes) {}

  /** Deletes a pod and records how long it took to stop and what its containers exited with. */
  private Stop deleteAndWatch(String pod) {
    var exits = new CopyOnWriteArrayList<Integer>();
    long start = System.nanoTime();
    try (var watch =
        client
            .pods()
            .inNamespace(NS)
            .withName(pod)
            .watch(
                new Watcher<Pod>() {
                  @Override
                  public void eventReceived(Action action, Pod p) {
                    if (p.getStatus() == null
                        || p.getStatus().getContainerStatuses() == null
                        || !exits.isEmpty()) {
                      return;
                    }
                    var terminated =
                        p.getStatus().getContainerStatuses().stream()
                            .filter(
                                s -> s.getState() != null && s.getState().getTerminated() != null)
                            .map(s -> s.getState().getTerminated().getExitCode())
                            .toList();
                    if (terminated.size() == p.getStatus().getContainerStatuses().size()) {
                      exits.addAll(terminated);
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      var uid = client.pods().inNamespace(NS).withName(pod).get().getMetadata().getUid();
      client.pods().inNamespace(NS).withName(pod).delete();
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                var p = client.pods().inNamespace(NS).withName(pod).get();
                return p == null || !p.getMetadata().getUid().equals(uid);
              });
      return new Stop((System.nanoTime() - start) / 1e9, List.copyOf(exits));
    }
  }

  private static Instant transition(OpenStackCloud c, String type) {
    return c.getStatus().getConditions().stream()
        .filter(x -> x.getType().equals(type))
        .findFirst()
        .map(x -> Instant.parse(x.getLastTransitionTime()))
        .orElseThrow();
  }

  private static double secondsSince(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private String keystoneUrl() {
    return "http://keystone." + NS + ".svc:5000/v3";
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  /** The sample, on the real node with the images built here. */
  static OpenStackCloud onRealNode(OpenStackCloud cloud) {
    var images = cloud.getSpec().getImages();
    images.setRegistry(RealCluster.KOLLA_REGISTRY);
    images.setDistro(RealCluster.KOLLA_DISTRO);
    images.setPullPolicy(PullPolicy.Never);
    var placement = cloud.getSpec().getPlacement();
    for (var role :
        List.of(placement.getControlPlane(), placement.getCompute(), placement.getNetwork())) {
      role.setNodeSelector(Map.of("openstackcloud.dev/real-node", "true"));
      role.setTolerations(List.of(realNodeToleration()));
    }
    if (cloud.getSpec().getServices().getHorizon() == null) {
      cloud
          .getSpec()
          .getServices()
          .setHorizon(new dev.openstackcloud.api.v1alpha1.spec.HorizonSpec());
    }
    return cloud;
  }

  static Toleration realNodeToleration() {
    return new TolerationBuilder()
        .withKey("openstackcloud.dev/real-node")
        .withOperator("Exists")
        .withEffect("NoSchedule")
        .build();
  }
}
