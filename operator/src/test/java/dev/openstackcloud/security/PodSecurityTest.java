package dev.openstackcloud.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.bench.FullCloudDesiredState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pod security of every workload of a full cloud, and exactly the host-level exceptions
 * docs/security.md lists.
 */
class PodSecurityTest {
  /**
   * Workloads that need the host (docs/security.md says why): privileged containers, host network.
   */
  private static final Set<String> HOST_LEVEL =
      Set.of(
          "DaemonSet/nova-compute",
          "DaemonSet/openvswitch",
          "DaemonSet/neutron-openvswitch-agent",
          "DaemonSet/neutron-l3-agent",
          "DaemonSet/neutron-dhcp-agent");

  /**
   * Unprivileged, but mounts one host directory: the metadata proxy socket it shares with the l3
   * and DHCP agents.
   */
  private static final Set<String> HOST_SOCKET_ONLY = Set.of("DaemonSet/neutron-metadata-agent");

  @Test
  void everyPodHasRuntimeDefaultSeccompNoTokenAndOnlyTheListedOnesTouchTheHost() {
    var pods = pods();
    assertThat(pods).hasSizeGreaterThan(20);
    pods.forEach(
        (workload, pod) -> {
          assertThat(pod.getSecurityContext().getSeccompProfile().getType())
              .as("seccomp of %s", workload)
              .isEqualTo("RuntimeDefault");
          assertThat(pod.getAutomountServiceAccountToken())
              .as("service account token in %s", workload)
              .isFalse();
          assertThat(Boolean.TRUE.equals(pod.getHostIPC())).as("hostIPC of %s", workload).isFalse();
        });
    var hostLevel = new java.util.TreeSet<String>();
    pods.forEach(
        (workload, pod) -> {
          boolean privileged =
              pod.getContainers().stream()
                  .map(Container::getSecurityContext)
                  .anyMatch(s -> s != null && Boolean.TRUE.equals(s.getPrivileged()));
          if (privileged
              || Boolean.TRUE.equals(pod.getHostNetwork())
              || Boolean.TRUE.equals(pod.getHostPID())) {
            hostLevel.add(workload);
          }
        });
    assertThat(hostLevel)
        .as("workloads with privileged containers, host network or host PID")
        .isSubsetOf(HOST_LEVEL)
        .contains("DaemonSet/nova-compute", "DaemonSet/openvswitch");
    pods.forEach(
        (workload, pod) -> {
          if (!HOST_LEVEL.contains(workload) && !HOST_SOCKET_ONLY.contains(workload)) {
            assertThat(pod.getVolumes())
                .as("host paths of %s", workload)
                .allMatch(v -> v.getHostPath() == null);
          }
          assertThat(pod.getContainers())
              .flatExtracting(c -> c.getPorts() == null ? java.util.List.of() : c.getPorts())
              .as("host ports of %s", workload)
              .allMatch(
                  p -> ((io.fabric8.kubernetes.api.model.ContainerPort) p).getHostPort() == null);
        });
  }

  /**
   * kolla_start copies the config with sudo (docs/security.md): no container may forbid privilege
   * escalation.
   */
  @Test
  void everyKollaContainerMayEscalateForKollaStartsSudo() {
    pods()
        .forEach(
            (workload, pod) ->
                java.util.stream.Stream.concat(
                        pod.getInitContainers().stream(), pod.getContainers().stream())
                    .forEach(
                        c ->
                            assertThat(c.getSecurityContext())
                                .as("security context of %s/%s", workload, c.getName())
                                .isNotNull()
                                .extracting(s -> s.getAllowPrivilegeEscalation())
                                .isEqualTo(true)));
  }

  private static Map<String, PodSpec> pods() {
    return new FullCloudDesiredState().podTemplates();
  }
}
