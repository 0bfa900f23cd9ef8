package dev.openstackcloud.kolla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.bench.FullCloudDesiredState;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Apache sites of Keystone, nova-api, nova-metadata, Placement and Horizon. Debian's
 * apache2.conf in the Kolla images denies every directory it does not name, so a site that does not
 * grant its WSGI script answers every request with 403.
 */
class ApacheWsgiTest {
  private static final Pattern SCRIPT = Pattern.compile("(?m)^    WSGIScriptAlias / (\\S+)$");

  @Test
  void everySiteGrantsItsWsgiScriptAndLogsToTheContainersOutput() {
    var sites = sites();
    assertThat(sites.keySet())
        .containsExactlyInAnyOrder(
            "keystone-config/wsgi-keystone.conf",
            "nova-config/wsgi-nova-api.conf",
            "nova-config/wsgi-nova-metadata.conf",
            "placement-config/wsgi-placement.conf",
            "horizon-config/horizon.conf");
    sites.forEach(
        (site, text) -> {
          var m = SCRIPT.matcher(text);
          assertThat(m.find()).as("%s runs a WSGI script", site).isTrue();
          var script = m.group(1);
          var dir = script.substring(0, script.lastIndexOf('/'));
          var file = script.substring(script.lastIndexOf('/') + 1);
          assertThat(text)
              .as(site)
              .contains(
                  "<Directory \""
                      + dir
                      + "\">\n    <Files \""
                      + file
                      + "\">\n"
                      + "        Options None\n        Require all granted\n    </Files>\n</Directory>\n");
          assertThat(text)
              .as(site)
              .contains("\nErrorLog /proc/self/fd/2\n", "\nCustomLog /proc/self/fd/1 logformat\n")
              .doesNotContain("/var/log/");
        });
  }

  /**
   * Where Kolla's 2025.1 images install the scripts (pbr's wsgi_scripts into the venv; Horizon's
   * Django module).
   */
  @Test
  void theScriptsAreWhereKollaImagesHaveThem() {
    var scripts = new LinkedHashMap<String, String>();
    sites()
        .forEach(
            (site, text) -> {
              var m = SCRIPT.matcher(text);
              m.find();
              scripts.put(site, m.group(1));
            });
    assertThat(scripts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "keystone-config/wsgi-keystone.conf",
                    "/var/lib/kolla/venv/bin/keystone-wsgi-public",
                "nova-config/wsgi-nova-api.conf", "/var/lib/kolla/venv/bin/nova-api-wsgi",
                "nova-config/wsgi-nova-metadata.conf", "/var/lib/kolla/venv/bin/nova-metadata-wsgi",
                "placement-config/wsgi-placement.conf", "/var/lib/kolla/venv/bin/placement-api",
                "horizon-config/horizon.conf",
                    "/var/lib/kolla/venv/lib/python3/site-packages/openstack_dashboard/wsgi.py"));
  }

  /** Secret/key to text of every Apache site a cloud with every service renders. */
  private static Map<String, String> sites() {
    var cloud = FullCloudDesiredState.sample("full.yaml");
    cloud
        .getSpec()
        .getServices()
        .setHorizon(new dev.openstackcloud.api.v1alpha1.spec.HorizonSpec());
    var out = new LinkedHashMap<String, String>();
    for (var o : new FullCloudDesiredState(cloud).build()) {
      if (o instanceof Secret s && s.getMetadata().getName().endsWith("-config")) {
        s.getData()
            .forEach(
                (k, v) -> {
                  var text = new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
                  if (text.contains("WSGIScriptAlias")) {
                    out.put(s.getMetadata().getName() + "/" + k, text);
                  }
                });
      }
    }
    return out;
  }
}
