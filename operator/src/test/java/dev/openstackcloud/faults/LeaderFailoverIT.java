package dev.openstackcloud.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import dev.openstackcloud.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two replicas with leader election: only the leader writes; kill -9 it and the other takes over.
 */
@ExtendWith(LocalCluster.class)
class LeaderFailoverIT {
  private static final String LEASE = "openstack-cloud-operator-lock";

  @Test
  void onlyTheLeaderWritesAndTheOtherTakesOverWhenItIsKilled(
      KubernetesClient client, TestNamespace ns) throws Exception {
    // the Lease lives in the test namespace (KUBERNETES_NAMESPACE), so tests do not share one
    try (var a = replica("replica-a", ns);
        var b = replica("replica-b", ns)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> holder(client, ns) != null);
      var leader = holder(client, ns).equals("replica-a") ? a : b;
      var follower = leader == a ? b : a;

      var cloud = client.resource(Clouds.sample(client, "minimal.yaml", ns.name())).create();
      Clouds.awaitReady(client, cloud, Duration.ofMinutes(3));
      assertThat(leader.writes()).as("writes of the leader %s", leader).isPositive();
      assertThat(follower.writes()).as("writes of the follower %s", follower).isZero();
      assertThat(follower.metric("operator_sdk_reconciliations_started_total"))
          .as("reconciles of the follower")
          .isZero();

      long killed = System.nanoTime();
      leader.kill9();
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> follower.toString().startsWith(holder(client, ns)));
      double leaseSeconds = (System.nanoTime() - killed) / 1e9;
      // the new leader acts: a change made now is reconciled by it
      var changed =
          Clouds.edit(
              client
                  .resources(OpenStackCloud.class)
                  .inNamespace(ns.name())
                  .withName(cloud.getMetadata().getName()),
              c -> {
                c.getSpec().getServices().getKeystone().setReplicas(2);
                return c;
              });
      Clouds.awaitReady(client, changed, Duration.ofMinutes(2));
      assertThat(
              client
                  .apps()
                  .deployments()
                  .inNamespace(ns.name())
                  .withName("keystone")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(2);
      assertThat(follower.writes()).as("writes of the new leader").isPositive();
      System.out.printf(
          "failover: lease taken over %.1f s after kill -9 of the leader; change reconciled after %.1f s%n",
          leaseSeconds, (System.nanoTime() - killed) / 1e9);
    }
  }

  private static OperatorProcess replica(String identity, TestNamespace ns) {
    return OperatorProcess.start(
        identity,
        Map.of(
            "WATCH_NAMESPACES",
            ns.name(),
            "LEADER_ELECTION",
            "true",
            "KUBERNETES_NAMESPACE",
            ns.name(),
            "HOSTNAME",
            identity));
  }

  private static String holder(KubernetesClient client, TestNamespace ns) {
    Lease lease = client.leases().inNamespace(ns.name()).withName(LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
