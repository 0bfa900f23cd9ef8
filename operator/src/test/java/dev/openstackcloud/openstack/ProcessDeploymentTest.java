package dev.openstackcloud.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.bench.FullCloudDesiredState;
import org.junit.jupiter.api.Test;

/** How the kubelet judges an API process that is still starting. */
class ProcessDeploymentTest {
  /**
   * Horizon's start-up runs collectstatic and compress before Apache listens: minutes on a small
   * node. A liveness probe with a fixed delay of 60 s could restart it before it ever listened.
   */
  @Test
  void livenessWaitsForTheFirstStart() {
    var cloud = FullCloudDesiredState.sample("full.yaml");
    cloud
        .getSpec()
        .getServices()
        .setHorizon(new dev.openstackcloud.api.v1alpha1.spec.HorizonSpec());
    var pods = new FullCloudDesiredState(cloud).podTemplates();
    assertThat(pods)
        .containsKeys(
            "Deployment/horizon", "Deployment/nova", "Deployment/placement", "Deployment/glance");
    pods.forEach(
        (workload, pod) -> {
          if (workload.startsWith("Deployment/") && !workload.equals("Deployment/keystone")) {
            for (var c : pod.getContainers()) {
              if (c.getLivenessProbe() != null) {
                var startup = c.getStartupProbe();
                assertThat(startup).as("startup probe of %s", workload).isNotNull();
                assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
                    .as("%s may start for", workload)
                    .isGreaterThanOrEqualTo(600);
                assertThat(c.getLivenessProbe().getInitialDelaySeconds())
                    .as("liveness delay of %s", workload)
                    .isNull();
              }
            }
          }
        });
  }
}
