package dev.openstackcloud.neutron;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.NeutronSpec;
import dev.openstackcloud.api.v1alpha1.spec.NovaSpec;
import dev.openstackcloud.api.v1alpha1.spec.OpenvswitchSpec.Datapath;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.testing.Golden;
import dev.openstackcloud.testing.TestClouds;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every file Neutron and Open vSwitch read, against golden files, and who gets which secret. */
class NeutronConfigTest {
  private static final String DATABASE = "DATABASE-PASSWORD";
  private static final String SERVICE = "SERVICE-PASSWORD";
  private static final String MESSAGING = "MESSAGING-PASSWORD";
  private static final String METADATA = "METADATA-SECRET";

  static OpenStackCloud cloud() {
    var cloud = TestClouds.dev();
    cloud.getSpec().getServices().setNeutron(new NeutronSpec());
    return cloud;
  }

  /** The cloud of {@link #cloud()} on Open vSwitch's userspace datapath. */
  static OpenStackCloud netdevCloud() {
    var cloud = cloud();
    cloud.getSpec().getServices().getNeutron().getOpenvswitch().setDatapath(Datapath.netdev);
    return cloud;
  }

  @Test
  void server() {
    golden("neutron/server", NeutronServerConfig.render(cloud(), DATABASE, SERVICE, MESSAGING));
  }

  @Test
  void everyAgentSharesOneNeutronConfAndHasItsOwnFile() {
    for (var agent : NeutronAgent.values()) {
      var files = NeutronAgentConfig.render(cloud(), agent, MESSAGING, null);
      assertThat(files).containsOnlyKeys("config.json", "neutron.conf", agent.iniFile());
      Golden.assertMatches("neutron/agents/neutron.conf", files.get("neutron.conf"));
      Golden.assertMatches(
          "neutron/" + agent.component() + "/config.json", files.get("config.json"));
      Golden.assertMatches(
          "neutron/" + agent.component() + "/" + agent.iniFile(), files.get(agent.iniFile()));
    }
  }

  /** With netdev only the openvswitch agent's file differs: its bridges become userspace ones. */
  @Test
  void userspaceDatapathChangesOnlyTheOpenvswitchAgentsFile() {
    Golden.assertMatches(
        "neutron-netdev/openvswitch-agent/openvswitch_agent.ini",
        NeutronAgentConfig.render(netdevCloud(), NeutronAgent.OPENVSWITCH, MESSAGING, null)
            .get("openvswitch_agent.ini"));
    for (var agent : NeutronAgent.values()) {
      var system = NeutronAgentConfig.render(cloud(), agent, MESSAGING, null);
      var netdev = NeutronAgentConfig.render(netdevCloud(), agent, MESSAGING, null);
      assertThat(netdev.get("neutron.conf")).as(agent.name()).isEqualTo(system.get("neutron.conf"));
      assertThat(netdev.get("config.json")).as(agent.name()).isEqualTo(system.get("config.json"));
      assertThat(netdev.get(agent.iniFile()).equals(system.get(agent.iniFile())))
          .as(agent.name() + "'s ini unchanged")
          .isEqualTo(agent != NeutronAgent.OPENVSWITCH);
    }
    assertThat(NeutronServerConfig.render(netdevCloud(), DATABASE, SERVICE, MESSAGING))
        .isEqualTo(NeutronServerConfig.render(cloud(), DATABASE, SERVICE, MESSAGING));
  }

  @Test
  void metadataAgentSignsWithNovasSecretOnlyWhileNovaIsOn() {
    var cloud = cloud();
    Golden.assertMatches(
        "neutron/metadata-agent-with-nova/metadata_agent.ini",
        NeutronAgentConfig.render(cloud, NeutronAgent.METADATA, MESSAGING, METADATA)
            .get("metadata_agent.ini"));

    assertThat(NeutronAgentConfig.metadataSecret(cloud, NeutronAgent.METADATA, () -> METADATA))
        .as("no nova")
        .isNull();
    cloud.getSpec().getServices().setNova(new NovaSpec());
    assertThat(NeutronAgentConfig.metadataSecret(cloud, NeutronAgent.METADATA, () -> METADATA))
        .isEqualTo(METADATA);
    assertThat(NeutronAgentConfig.metadataSecret(cloud, NeutronAgent.L3, () -> METADATA))
        .as("only the metadata agent")
        .isNull();
    assertThat(NeutronAgentConfig.metadataSecret(cloud, NeutronAgent.METADATA, () -> null))
        .as("nova-credentials not there yet")
        .isNull();
    cloud.getSpec().getServices().getNova().setEnabled(false);
    assertThat(NeutronAgentConfig.metadataSecret(cloud, NeutronAgent.METADATA, () -> METADATA))
        .as("nova switched off")
        .isNull();
  }

  @Test
  void openvswitchListensOnItsSocketAndTheLoopbackOnly() {
    var files = OpenvswitchConfig.render();
    golden("openvswitch", files);
    assertThat(files.get(OpenvswitchConfig.OVSDB))
        .contains("--remote=punix:/run/openvswitch/db.sock", "--remote=ptcp:6640:127.0.0.1")
        .doesNotContainPattern("ptcp:[0-9]+(\\s|\"|$)")
        .doesNotContain("manager_options", "pssl");
  }

  /**
   * ovsdb-server (root) makes its socket root:root 0750; the agents run as neutron, so they use the
   * loopback port.
   */
  @Test
  void agentsThatTalkToOvsdbUseTheLoopbackPortNotTheRootOnlySocket() {
    for (var agent : NeutronAgent.values()) {
      var ini = NeutronAgentConfig.ini(cloud(), agent, null).get("ovs", "ovsdb_connection");
      var shared =
          NeutronAgentConfig.neutronConf(cloud(), MESSAGING).get("ovs", "ovsdb_connection");
      assertThat(shared).as("the agents' shared neutron.conf").isNull();
      assertThat(ini)
          .as(agent.name())
          .isEqualTo(
              agent.hostPaths().contains(HostPaths.OPENVSWITCH_RUN) ? "tcp:127.0.0.1:6640" : null);
    }
  }

  @Test
  void passwordsGoOnlyWhereTheyAreUsed() {
    var server =
        String.join(
            "\n", NeutronServerConfig.render(cloud(), DATABASE, SERVICE, MESSAGING).values());
    assertThat(server).contains(DATABASE, SERVICE, MESSAGING);
    for (var agent : NeutronAgent.values()) {
      var files =
          String.join(
              "\n", NeutronAgentConfig.render(cloud(), agent, MESSAGING, METADATA).values());
      assertThat(files).as(agent.name()).contains(MESSAGING).doesNotContain(DATABASE, SERVICE);
      assertThat(files.contains(METADATA))
          .as(agent.name() + " holds the metadata secret")
          .isEqualTo(agent == NeutronAgent.METADATA);
    }
  }

  @Test
  void overridesWinInTheServersAndEveryAgentsNeutronConf() {
    var cloud = cloud();
    var overrides = new LinkedHashMap<String, Map<String, String>>();
    overrides.put("DEFAULT", Map.of("debug", "true", "api_workers", "4"));
    overrides.put("database", Map.of("max_pool_size", "10"));
    cloud.getSpec().getServices().getNeutron().setConfig(overrides);
    var server =
        NeutronServerConfig.render(cloud, DATABASE, SERVICE, MESSAGING).get("neutron.conf");
    Golden.assertMatches("neutron-overrides/neutron.conf", server);
    assertThat(server)
        .contains("debug = true")
        .doesNotContain("debug = false")
        .contains("api_workers = 4");
    for (var agent : NeutronAgent.values()) {
      assertThat(NeutronAgentConfig.render(cloud, agent, MESSAGING, null).get("neutron.conf"))
          .as(agent.name())
          .contains("debug = true");
    }
  }

  @Test
  void novaIsNotifiedOfPortChangesOnlyWhenThereIsOne() {
    var cloud = cloud();
    assertThat(NeutronServerConfig.render(cloud, DATABASE, SERVICE, MESSAGING).get("neutron.conf"))
        .contains("notify_nova_on_port_status_changes = false");
    cloud.getSpec().getServices().setNova(new NovaSpec());
    assertThat(NeutronServerConfig.render(cloud, DATABASE, SERVICE, MESSAGING).get("neutron.conf"))
        .contains(
            "notify_nova_on_port_status_changes = true", "notify_nova_on_port_data_changes = true");
  }

  @Test
  void aConfigOverrideChangesTheHashOfEveryNeutronConfig() {
    var changed = cloud();
    changed
        .getSpec()
        .getServices()
        .getNeutron()
        .setConfig(Map.of("DEFAULT", Map.of("debug", "true")));
    var before = hashes(cloud());
    var after = hashes(changed);
    before.forEach((name, hash) -> assertThat(after.get(name)).as(name).isNotEqualTo(hash));
  }

  private static Map<String, String> hashes(OpenStackCloud cloud) {
    var hashes = new LinkedHashMap<String, String>();
    hashes.put(
        "server",
        ConfigSecret.hash(NeutronServerConfig.render(cloud, DATABASE, SERVICE, MESSAGING)));
    for (var agent : NeutronAgent.values()) {
      hashes.put(
          agent.process(),
          ConfigSecret.hash(NeutronAgentConfig.render(cloud, agent, MESSAGING, null)));
    }
    return hashes;
  }

  private static void golden(String dir, Map<String, String> files) {
    files.forEach((name, content) -> Golden.assertMatches(dir + "/" + name, content));
  }
}
