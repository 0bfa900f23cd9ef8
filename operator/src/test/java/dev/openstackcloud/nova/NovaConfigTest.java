package dev.openstackcloud.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openstackcloud.api.v1alpha1.spec.ComputeSpec.Driver;
import dev.openstackcloud.config.InvalidConfigException;
import dev.openstackcloud.testing.Golden;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every file Nova renders, against golden files under golden/nova*. */
class NovaConfigTest {
  static final NovaSecrets SECRETS =
      new NovaSecrets(
          "NOVA-DB-PASSWORD",
          "NOVA-API-DB-PASSWORD",
          "NOVA-SERVICE-PASSWORD",
          "METADATA-SECRET",
          "MESSAGING-PASSWORD");

  @Test
  void controlPlaneFiles() {
    var files = NovaConfig.render(NovaClouds.full(Driver.libvirt), SECRETS);
    assertThat(files)
        .containsKeys(
            "config.json",
            "nova-api.json",
            "nova-metadata.json",
            "nova-scheduler.json",
            "nova-conductor.json",
            "nova-novncproxy.json",
            "nova.conf",
            "wsgi-nova-api.conf",
            "wsgi-nova-metadata.conf");
    golden("nova", files);
  }

  @Test
  void libvirtComputeFiles() {
    golden(
        "nova-compute-libvirt", NovaComputeConfig.render(NovaClouds.full(Driver.libvirt), SECRETS));
  }

  @Test
  void fakeComputeFiles() {
    var files = NovaComputeConfig.render(NovaClouds.full(Driver.fake), SECRETS);
    assertThat(files)
        .as("no libvirt on fake hypervisors")
        .containsOnlyKeys("nova-compute.json", "nova.conf");
    golden("nova-compute-fake", files);
  }

  /**
   * nova-compute runs as nova; ovsdb's unix socket is root:root 0750, so os-vif uses its loopback
   * port.
   */
  @Test
  void libvirtComputeReachesOvsdbOnTheLoopback() {
    var conf = NovaComputeConfig.render(NovaClouds.full(Driver.libvirt), SECRETS).get("nova.conf");
    assertThat(conf)
        .contains("[os_vif_ovs]\novsdb_connection = tcp:127.0.0.1:6640\n")
        .doesNotContain("db.sock");
  }

  @Test
  void hypervisorsGetNeitherDatabaseNorMetadataSecret() {
    var conf = NovaComputeConfig.render(NovaClouds.full(Driver.libvirt), SECRETS).get("nova.conf");
    assertThat(conf)
        .doesNotContain(
            "NOVA-DB-PASSWORD",
            "NOVA-API-DB-PASSWORD",
            "METADATA-SECRET",
            "[database]",
            "[api_database]");
  }

  @Test
  void userOverridesWinInEveryNovaConf() {
    var cloud = NovaClouds.full(Driver.fake);
    cloud
        .getSpec()
        .getServices()
        .getNova()
        .setConfig(
            Map.of(
                "DEFAULT", Map.of("debug", "true"),
                "scheduler", Map.of("discover_hosts_in_cells_interval", "300")));
    for (var conf :
        new String[] {
          NovaConfig.render(cloud, SECRETS).get("nova.conf"),
          NovaComputeConfig.render(cloud, SECRETS).get("nova.conf")
        }) {
      assertThat(conf)
          .contains("debug = true\n", "discover_hosts_in_cells_interval = 300\n")
          .doesNotContain("debug = false");
    }
  }

  @Test
  void anOverrideThatWouldInjectALineIsRefused() {
    var cloud = NovaClouds.full(Driver.fake);
    cloud
        .getSpec()
        .getServices()
        .getNova()
        .setConfig(Map.of("DEFAULT", Map.of("debug", "true\n[database]")));
    assertThatThrownBy(() -> NovaConfig.render(cloud, SECRETS))
        .isInstanceOf(InvalidConfigException.class);
  }

  private static void golden(String dir, Map<String, String> files) {
    files.forEach((name, content) -> Golden.assertMatches(dir + "/" + name, content));
  }
}
