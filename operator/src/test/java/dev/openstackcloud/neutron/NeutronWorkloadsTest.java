package dev.openstackcloud.neutron;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.reconciler.CloudWorkflow;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The DaemonSets Neutron runs on the nodes: where, with which host access, and what rolls them. */
class NeutronWorkloadsTest {
  private static final Map<String, String> COMPUTE = Map.of("openstackcloud.dev/compute", "true");
  private static final Map<String, String> NETWORK = Map.of("openstackcloud.dev/network", "true");

  static OpenStackCloud pinnedCloud() {
    var cloud = NeutronConfigTest.cloud();
    cloud.getSpec().getPlacement().getCompute().setNodeSelector(COMPUTE);
    cloud.getSpec().getPlacement().getNetwork().setNodeSelector(NETWORK);
    return cloud;
  }

  static DaemonSet agent(OpenStackCloud cloud, NeutronAgent agent) {
    return AgentDaemonSet.build(
        cloud, agent, ConfigSecret.hash(NeutronAgentConfig.render(cloud, agent, "MQ", null)));
  }

  static DaemonSet openvswitch(OpenStackCloud cloud) {
    return OpenvswitchDaemonSet.build(cloud, new OpenvswitchConfig().hash(cloud, null));
  }

  static List<DaemonSet> all(OpenStackCloud cloud) {
    var all = new ArrayList<DaemonSet>();
    for (var a : NeutronAgent.values()) {
      all.add(agent(cloud, a));
    }
    all.add(openvswitch(cloud));
    return all;
  }

  @Test
  void openvswitchAndItsAgentRunOnComputeOrNetworkNodes() {
    var cloud = pinnedCloud();
    for (var ds : List.of(agent(cloud, NeutronAgent.OPENVSWITCH), openvswitch(cloud))) {
      var pod = pod(ds);
      assertThat(pod.getNodeSelector()).as(name(ds)).isNullOrEmpty();
      assertThat(
              pod.getAffinity()
                  .getNodeAffinity()
                  .getRequiredDuringSchedulingIgnoredDuringExecution()
                  .getNodeSelectorTerms())
          .as(name(ds) + ": one term per role, ORed")
          .extracting(t -> t.getMatchExpressions())
          .containsExactlyInAnyOrder(
              List.of(
                  new NodeSelectorRequirement("openstackcloud.dev/compute", "In", List.of("true"))),
              List.of(
                  new NodeSelectorRequirement(
                      "openstackcloud.dev/network", "In", List.of("true"))));
    }
  }

  @Test
  void l3DhcpAndMetadataAgentsRunOnNetworkNodesOnly() {
    var cloud = pinnedCloud();
    for (var a : List.of(NeutronAgent.L3, NeutronAgent.DHCP, NeutronAgent.METADATA)) {
      var pod = pod(agent(cloud, a));
      assertThat(pod.getNodeSelector()).as(a.name()).isEqualTo(NETWORK);
      assertThat(pod.getAffinity()).as(a.name()).isNull();
    }
  }

  @Test
  void hostAccessOnlyWhereAgentsManageTheNodesNetwork() {
    var cloud = pinnedCloud();
    for (var ds : all(cloud)) {
      var pod = pod(ds);
      boolean hostLevel = !name(ds).equals("neutron-metadata-agent");
      assertThat(Boolean.TRUE.equals(pod.getHostNetwork()))
          .as(name(ds) + " hostNetwork")
          .isEqualTo(hostLevel);
      assertThat(containers(pod).anyMatch(NeutronWorkloadsTest::privileged))
          .as(name(ds) + " privileged")
          .isEqualTo(hostLevel);
      assertThat(
              containers(pod)
                  .flatMap(c -> c.getPorts() == null ? Stream.empty() : c.getPorts().stream()))
          .as(name(ds) + ": OVS and the agents talk over unix sockets, so no host port")
          .isEmpty();
      if (Boolean.TRUE.equals(pod.getHostNetwork()) && !name(ds).equals("openvswitch")) {
        assertThat(pod.getDnsPolicy())
            .as(name(ds) + " resolves the cloud's Services")
            .isEqualTo("ClusterFirstWithHostNet");
      }
    }
    var ovs = pod(openvswitch(cloud));
    assertThat(ovs.getContainers())
        .extracting(Container::getName)
        .containsExactly("ovsdb-server", "ovs-vswitchd");
    assertThat(ovs.getContainers())
        .filteredOn(NeutronWorkloadsTest::privileged)
        .extracting(Container::getName)
        .containsExactly("ovs-vswitchd");
  }

  @Test
  void namespacesAndTheOvsDatabaseLiveOnTheHost() {
    var cloud = pinnedCloud();
    assertThat(hostPaths(openvswitch(cloud)))
        .containsExactlyInAnyOrder("/run/openvswitch", "/var/lib/openvswitch", "/lib/modules");
    assertThat(hostPaths(agent(cloud, NeutronAgent.L3)))
        .contains("/run/netns", "/run/openvswitch", "/run/neutron/metadata-proxy");
    assertThat(pod(agent(cloud, NeutronAgent.L3)).getContainers().get(0).getVolumeMounts())
        .filteredOn(m -> m.getMountPath().equals("/run/netns"))
        .extracting(m -> m.getMountPropagation())
        .containsExactly("Bidirectional");
    assertThat(hostPaths(agent(cloud, NeutronAgent.METADATA)))
        .containsExactly("/run/neutron/metadata-proxy");
  }

  @Test
  void agentsTakeTheirHostAndTunnelAddressFromTheNode() {
    var ovsAgent = pod(agent(pinnedCloud(), NeutronAgent.OPENVSWITCH)).getContainers().get(0);
    assertThat(ovsAgent.getEnv())
        .filteredOn(e -> e.getValueFrom() != null)
        .extracting(e -> e.getName() + "=" + e.getValueFrom().getFieldRef().getFieldPath())
        .containsExactlyInAnyOrder(
            "OS_DEFAULT__HOST=spec.nodeName", "OS_OVS__LOCAL_IP=status.hostIP");
    var ovsAgentPod = pod(agent(pinnedCloud(), NeutronAgent.OPENVSWITCH));
    assertThat(ovsAgentPod.getInitContainers())
        .extracting(Container::getName)
        .containsExactly("external-bridge");
    assertThat(ovsAgentPod.getInitContainers().get(0).getArgs()).endsWith("add-br", "br-ex");
  }

  /**
   * Kolla's extend_start of ovs-vswitchd runs modprobe openvswitch, fatal where the kernel has no
   * such module: with netdev it is skipped, and kolla_start still runs the same config.json.
   */
  @Test
  void userspaceDatapathStartsVswitchdWithoutLoadingTheKernelModule() {
    var system = pod(openvswitch(pinnedCloud()));
    var netdevCloud = NeutronConfigTest.netdevCloud();
    var netdev = pod(openvswitch(netdevCloud));
    var vswitchd = netdev.getContainers().get(1);
    assertThat(vswitchd.getName()).isEqualTo("ovs-vswitchd");
    assertThat(vswitchd.getArgs()).containsExactly("kolla_start");
    assertThat(vswitchd.getCommand()).isNullOrEmpty();
    assertThat(vswitchd.getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .contains("KOLLA_SKIP_EXTEND_START=true");
    assertThat(privileged(vswitchd)).as("/dev/net/tun for the userspace datapath's ports").isTrue();
    assertThat(system.getContainers().get(1).getEnv())
        .extracting(e -> e.getName())
        .doesNotContain("KOLLA_SKIP_EXTEND_START");
    assertThat(hostPaths(openvswitch(netdevCloud)))
        .containsExactlyInAnyOrder("/run/openvswitch", "/var/lib/openvswitch");
    assertThat(vswitchd.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .doesNotContain("/lib/modules");
    assertThat(netdev.getContainers().get(0))
        .as("ovsdb-server")
        .isEqualTo(system.getContainers().get(0));
    assertThat(hash(openvswitch(netdevCloud)))
        .as("same config.json")
        .isEqualTo(hash(openvswitch(pinnedCloud())));
  }

  @Test
  void userspaceDatapathMakesTheExternalBridgeANetdevOne() {
    var init =
        pod(agent(NeutronConfigTest.netdevCloud(), NeutronAgent.OPENVSWITCH))
            .getInitContainers()
            .get(0);
    assertThat(init.getArgs())
        .containsSubsequence("--may-exist", "add-br", "br-ex")
        .endsWith("--", "set", "Bridge", "br-ex", "datapath_type=netdev");
    assertThat(
            pod(agent(pinnedCloud(), NeutronAgent.OPENVSWITCH))
                .getInitContainers()
                .get(0)
                .getArgs())
        .as("system: the default type")
        .noneMatch(a -> a.contains("datapath_type"));
  }

  @Test
  void aDatapathChangeRollsOpenvswitchAndItsAgentOnly() {
    var system = pinnedCloud();
    var netdev = NeutronConfigTest.netdevCloud();
    netdev.getSpec().setPlacement(system.getSpec().getPlacement());
    assertThat(openvswitch(netdev).getSpec().getTemplate())
        .isNotEqualTo(openvswitch(system).getSpec().getTemplate());
    assertThat(hash(agent(netdev, NeutronAgent.OPENVSWITCH)))
        .isNotEqualTo(hash(agent(system, NeutronAgent.OPENVSWITCH)));
    for (var a : List.of(NeutronAgent.L3, NeutronAgent.DHCP, NeutronAgent.METADATA)) {
      assertThat(agent(netdev, a)).as(a.name()).isEqualTo(agent(system, a));
    }
  }

  @Test
  void agentsImageOverrideReplacesTheAgentsImagesButNotOpenvswitchs() {
    var cloud = pinnedCloud();
    cloud.getSpec().getServices().getNeutron().getAgents().setImage("mirror/neutron-all:1");
    for (var a : NeutronAgent.values()) {
      assertThat(pod(agent(cloud, a)).getContainers().get(0).getImage())
          .isEqualTo("mirror/neutron-all:1");
    }
    assertThat(pod(openvswitch(cloud)).getContainers())
        .extracting(Container::getImage)
        .containsExactly(
            "quay.io/openstack.kolla/openvswitch-db-server:2025.1-ubuntu-noble",
            "quay.io/openstack.kolla/openvswitch-vswitchd:2025.1-ubuntu-noble");
  }

  @Test
  void aNeutronConfigChangeRollsTheAgentsButNeverOpenvswitch() {
    var before = pinnedCloud();
    var after = pinnedCloud();
    after
        .getSpec()
        .getServices()
        .getNeutron()
        .setConfig(Map.of("DEFAULT", Map.of("debug", "true")));
    assertThat(openvswitch(after).getSpec().getTemplate())
        .isEqualTo(openvswitch(before).getSpec().getTemplate());
    for (var a : NeutronAgent.values()) {
      assertThat(hash(agent(after, a))).as(a.name()).isNotEqualTo(hash(agent(before, a)));
    }
  }

  @Test
  void neutronIsAComponentOnlyWhenItsKeyIsPresent() {
    var workflow = CloudWorkflow.create();
    var cloud = dev.openstackcloud.testing.TestClouds.dev();
    assertThat(workflow.byComponent(cloud)).doesNotContainKey("Neutron");
    var members = workflow.byComponent(pinnedCloud()).get("Neutron");
    assertThat(members)
        .extracting(m -> m.dependent().name())
        .contains(
            "neutron-credentials-secret",
            "neutron-server-config",
            "neutron-db-create-job",
            "neutron-db-sync-job",
            "neutron-keystone-registration-job",
            "neutron-server-deployment",
            "neutron-service",
            "openvswitch-config",
            "openvswitch-daemonset",
            "neutron-openvswitch-agent-daemonset",
            "neutron-l3-agent-daemonset",
            "neutron-dhcp-agent-daemonset",
            "neutron-metadata-agent-daemonset");
  }

  private static String hash(DaemonSet ds) {
    return ds.getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.CONFIG_HASH);
  }

  private static PodSpec pod(DaemonSet ds) {
    return ds.getSpec().getTemplate().getSpec();
  }

  private static String name(DaemonSet ds) {
    return ds.getMetadata().getName();
  }

  private static Stream<Container> containers(PodSpec pod) {
    return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream());
  }

  private static boolean privileged(Container c) {
    return c.getSecurityContext() != null
        && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged());
  }

  private static List<String> hostPaths(DaemonSet ds) {
    return pod(ds).getVolumes().stream()
        .filter(v -> v.getHostPath() != null)
        .map(v -> v.getHostPath().getPath())
        .toList();
  }
}
