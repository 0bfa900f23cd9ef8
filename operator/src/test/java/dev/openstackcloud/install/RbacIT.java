package dev.openstackcloud.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.CloudOperator;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import dev.openstackcloud.testing.Tools;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chart's RBAC is enough to run a cloud, and no more. The operator runs in-process as the
 * chart's ServiceAccount (impersonated; the local API server enforces RBAC) in the narrowest
 * install the chart offers: one watched namespace, two replicas (so with the leader-election Role).
 */
@ExtendWith(LocalCluster.class)
class RbacIT {
  private static final String LOCK = "openstack-cloud-operator-lock";

  @Test
  void theChartsPermissionsRunACloudAndStopAtTheWatchedNamespace(
      KubernetesClient client, TestNamespace ns) {
    var account = installRbac(ns);
    try {
      assertThat(
              canI(
                  account,
                  ns.name(),
                  "patch",
                  "openstackclouds.openstackcloud.dev",
                  "--subresource=status"))
          .isTrue();
      assertThat(canI(account, null, "watch", "nodes")).isTrue();
      assertThat(canI(account, "default", "list", "secrets"))
          .as("secrets outside the watched namespace")
          .isFalse();
      assertThat(canI(account, ns.name(), "update", "openstackclouds.openstackcloud.dev"))
          .as("spec is the user's")
          .isFalse();
      assertThat(canI(account, null, "delete", "nodes")).as("nodes are read-only").isFalse();
      assertThat(
              canI(
                  account,
                  null,
                  "get",
                  "customresourcedefinitions.apiextensions.k8s.io/other.example.com"))
          .isFalse();

      // Without leader election: JOSDK exits the JVM when a leader stops, closing included; the
      // Lease grant has its own test below.
      var registry = new SimpleMeterRegistry();
      try (var operator =
          CloudOperator.start(
              CloudOperator.countingClient(as(account, ns), registry),
              registry,
              Set.of(ns.name()),
              false)) {
        var cloud = client.resource(Clouds.sample(client, "minimal.yaml", ns.name())).create();
        var ready = Clouds.awaitReady(client, cloud, Duration.ofMinutes(3));
        assertThat(ready.getStatus().getAdminCredentials()).isNotBlank();
        assertThat(operator.isRunning()).as("no informer failed for want of a permission").isTrue();
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(client.v1().events().inNamespace(ns.name()).list().getItems())
                        .as("the Ready event, recorded with the chart's events grant")
                        .anyMatch(e -> "OpenStackCloud".equals(e.getInvolvedObject().getKind())));
      }
    } finally {
      uninstallClusterRbac(client, ns);
    }
  }

  @Test
  void theLeaseGrantLetsAReplicaLeadAndRenewButTouchNoOtherLease(
      KubernetesClient client, TestNamespace ns) {
    var account = installRbac(ns);
    try {
      // What JOSDK checks before it starts electing (a SelfSubjectRulesReview for these verbs).
      assertThat(canI(account, ns.name(), "create", "leases.coordination.k8s.io")).isTrue();
      assertThat(canI(account, ns.name(), "get", "leases.coordination.k8s.io/" + LOCK)).isTrue();
      assertThat(canI(account, ns.name(), "update", "leases.coordination.k8s.io/" + LOCK)).isTrue();
      assertThat(
              canI(account, ns.name(), "update", "leases.coordination.k8s.io/someone-elses-lock"))
          .isFalse();
      assertThat(canI(account, "default", "create", "leases.coordination.k8s.io"))
          .as("only in its own namespace")
          .isFalse();

      var leading = new AtomicBoolean();
      try (var sa = new KubernetesClientBuilder().withConfig(as(account, ns)).build()) {
        var elector =
            sa.leaderElector()
                .withConfig(
                    new LeaderElectionConfigBuilder()
                        .withName(LOCK)
                        .withLock(new LeaseLock(ns.name(), LOCK, "rbac-it"))
                        .withLeaseDuration(Duration.ofSeconds(4))
                        .withRenewDeadline(Duration.ofSeconds(3))
                        .withRetryPeriod(Duration.ofMillis(500))
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> leading.set(true), () -> leading.set(false), id -> {}))
                        .build())
                .build();
        var running = elector.start();
        try {
          await().atMost(Duration.ofSeconds(20)).untilTrue(leading);
          var first =
              client
                  .resources(Lease.class)
                  .inNamespace(ns.name())
                  .withName(LOCK)
                  .get()
                  .getSpec()
                  .getRenewTime();
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () ->
                      !client
                          .resources(Lease.class)
                          .inNamespace(ns.name())
                          .withName(LOCK)
                          .get()
                          .getSpec()
                          .getRenewTime()
                          .equals(first));
          assertThat(leading).as("renewed, so still leading").isTrue();
        } finally {
          running.cancel(true);
        }
      }
    } finally {
      uninstallClusterRbac(client, ns);
    }
  }

  /**
   * Applies the chart's ServiceAccount and RBAC (operator.enabled=false) for real; returns the
   * account.
   */
  private static String installRbac(TestNamespace ns) {
    var yaml =
        Tools.helmTemplate(
            ns.name(),
            ns.name(),
            "--set",
            "operator.enabled=false",
            "--set",
            "replicas=2",
            "--set",
            "watchNamespaces={" + ns.name() + "}");
    var applied =
        LocalCluster.kubectl(
            yaml, "apply", "--server-side", "--field-manager=osc-install-test", "-f", "-");
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    var account = "system:serviceaccount:" + ns.name() + ":" + fullname(ns);
    // The authorizer learns of new bindings through its informers: give it a moment.
    await().atMost(Duration.ofSeconds(10)).until(() -> canI(account, ns.name(), "list", "secrets"));
    return account;
  }

  /** The namespace goes with the test; what has no namespace is removed here. */
  private static void uninstallClusterRbac(KubernetesClient client, TestNamespace ns) {
    client.rbac().clusterRoleBindings().withName(fullname(ns)).delete();
    client.rbac().clusterRoles().withName(fullname(ns)).delete();
  }

  private static String fullname(TestNamespace ns) {
    return ns.name() + "-openstack-cloud-operator";
  }

  /** The test cluster's config, acting as {@code account} with a pod's namespace. */
  private static Config as(String account, TestNamespace ns) {
    return new ConfigBuilder(LocalCluster.config())
        .withImpersonateUsername(account)
        .withImpersonateGroups(
            "system:serviceaccounts", "system:serviceaccounts:" + ns.name(), "system:authenticated")
        .withNamespace(ns.name())
        .build();
  }

  /**
   * kubectl auth can-i VERB RESOURCE[/NAME] [flags] as {@code account}, in {@code namespace} unless
   * null.
   */
  private static boolean canI(String account, String namespace, String... verbResourceAndFlags) {
    var args = new ArrayList<>(List.of("auth", "can-i"));
    args.addAll(List.of(verbResourceAndFlags));
    args.addAll(List.of("--as", account));
    if (namespace != null) {
      args.addAll(List.of("-n", namespace));
    }
    return LocalCluster.kubectl(null, args.toArray(String[]::new)).output().strip().endsWith("yes");
  }
}
