package dev.openstackcloud.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.OpenvswitchSpec.Datapath;
import dev.openstackcloud.bench.FullCloudDesiredState;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every option of every INI file the operator renders is one its OpenStack process accepts: the
 * lists in src/test/resources/oslo-options come from the services' own oslo.config definitions
 * (hack/oslo-options.sh), without options deprecated for removal. oslo.config ignores an option it
 * does not know, so a typo or a removed option would otherwise pass silently until a real cloud
 * misbehaved. The lists are generated once per release and committed, not computed here: that needs
 * the services themselves installed (minutes, and Python in every build), while the check is a set
 * lookup.
 */
class OsloOptionsTest {
  private static final Path LISTS = Path.of("src/test/resources/oslo-options");

  /** Which process reads which INI files of a config Secret. */
  private record Reader(String list, List<String> files) {}

  private static final Map<String, Reader> READERS = readers();

  private static Map<String, Reader> readers() {
    var r = new LinkedHashMap<String, Reader>();
    r.put("keystone-config", new Reader("keystone", List.of("keystone.conf")));
    r.put("glance-config", new Reader("glance-api", List.of("glance-api.conf")));
    r.put("placement-config", new Reader("placement", List.of("placement.conf")));
    r.put("nova-config", new Reader("nova", List.of("nova.conf")));
    r.put("nova-compute-config", new Reader("nova", List.of("nova.conf")));
    r.put(
        "neutron-server-config",
        new Reader("neutron-server", List.of("neutron.conf", "ml2_conf.ini")));
    r.put(
        "neutron-openvswitch-agent-config",
        new Reader("neutron-openvswitch-agent", List.of("neutron.conf", "openvswitch_agent.ini")));
    r.put(
        "neutron-l3-agent-config",
        new Reader("neutron-l3-agent", List.of("neutron.conf", "l3_agent.ini")));
    r.put(
        "neutron-dhcp-agent-config",
        new Reader("neutron-dhcp-agent", List.of("neutron.conf", "dhcp_agent.ini")));
    r.put(
        "neutron-metadata-agent-config",
        new Reader("neutron-metadata-agent", List.of("neutron.conf", "metadata_agent.ini")));
    return r;
  }

  @ParameterizedTest
  @ValueSource(strings = {"full.yaml", "ci-fake.yaml"})
  void everyRenderedOptionIsOneTheServiceAccepts(String sample) {
    assertEveryOptionAccepted(sample, FullCloudDesiredState.sample(sample));
  }

  /** The userspace datapath sets options of its own. */
  @Test
  void everyOptionOfTheUserspaceDatapathIsOneTheAgentsAccept() {
    var cloud = FullCloudDesiredState.sample("ci-fake.yaml");
    cloud.getSpec().getServices().getNeutron().getOpenvswitch().setDatapath(Datapath.netdev);
    assertEveryOptionAccepted("ci-fake.yaml with datapath netdev", cloud);
  }

  private static void assertEveryOptionAccepted(String sample, OpenStackCloud cloud) {
    var secrets = configSecrets(cloud);
    assertThat(secrets.keySet()).as("config Secrets of %s", sample).containsAll(READERS.keySet());
    var unknown = new ArrayList<String>();
    READERS.forEach(
        (secret, reader) -> {
          var accepted = accepted(reader.list());
          for (var file : reader.files()) {
            var text = secrets.get(secret).get(file);
            assertThat(text).as("%s in %s", file, secret).isNotNull();
            for (var option : options(text)) {
              if (!accepted.contains(option)) {
                unknown.add(secret + "/" + file + ": [" + option.replace(" ", "] "));
              }
            }
          }
        });
    assertThat(unknown)
        .as("options that %s's processes do not accept (or deprecated for removal)", sample)
        .isEmpty();
  }

  @Test
  void theCheckCatchesAnOptionTheServiceDoesNotHave() {
    assertThat(accepted("neutron-server"))
        .contains("DEFAULT core_plugin")
        .doesNotContain("DEFAULT allow_overlapping_ips");
    assertThat(accepted("nova"))
        .contains("glance valid_interfaces")
        .doesNotContain("glance api_servers", "service_user region_name");
  }

  /**
   * "section option" of every option set in an INI text; dashes and underscores are the same to
   * oslo.config.
   */
  static List<String> options(String ini) {
    var out = new ArrayList<String>();
    String section = null;
    for (var line : ini.split("\n")) {
      var l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      if (l.startsWith("[") && l.endsWith("]")) {
        section = l.substring(1, l.length() - 1);
      } else {
        out.add(section + " " + l.substring(0, l.indexOf('=')).strip().replace('-', '_'));
      }
    }
    return out;
  }

  private static Set<String> accepted(String list) {
    try {
      return new HashSet<>(Files.readAllLines(LISTS.resolve(list + ".txt")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Secret name to file name to text, for the config Secrets of a cloud. */
  private static Map<String, Map<String, String>> configSecrets(OpenStackCloud cloud) {
    var out = new LinkedHashMap<String, Map<String, String>>();
    for (var o : new FullCloudDesiredState(cloud).build()) {
      if (o instanceof Secret s && s.getMetadata().getName().endsWith("-config")) {
        var files = new LinkedHashMap<String, String>();
        s.getData()
            .forEach(
                (k, v) ->
                    files.put(
                        k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        out.put(s.getMetadata().getName(), files);
      }
    }
    return out;
  }
}
