package dev.openstackcloud.config;

import dev.openstackcloud.cache.CacheConfig;
import dev.openstackcloud.database.DatabaseConfig;
import dev.openstackcloud.keystone.AdminCloudsYaml;
import dev.openstackcloud.keystone.KeystoneConfig;
import dev.openstackcloud.messaging.MessagingConfig;
import dev.openstackcloud.testing.Golden;
import dev.openstackcloud.testing.TestClouds;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every config file the operator renders, against golden files. */
class RenderedConfigTest {
  private static final String PASSWORD = "PASSWORD-FROM-SECRET";

  @Test
  void database() {
    golden("mariadb", DatabaseConfig.render());
  }

  @Test
  void messaging() {
    golden("rabbitmq", MessagingConfig.render(PASSWORD));
  }

  /**
   * kubectl logs shows MariaDB's log: mariadbd runs without mysqld_safe and without a log_error
   * file.
   */
  @Test
  void databaseLogsToTheContainersOutput() {
    var files = DatabaseConfig.render();
    org.assertj.core.api.Assertions.assertThat(files.get("config.json"))
        .contains("\"command\" : \"/usr/sbin/mariadbd\"")
        .doesNotContain("mysqld_safe", "mariadbd-safe");
    org.assertj.core.api.Assertions.assertThat(files.get("my.cnf"))
        .doesNotContainPattern("log[-_]error");
  }

  /**
   * kubectl logs shows RabbitMQ's log: the broker's own script (no Debian wrapper writing to
   * files), console output only.
   */
  @Test
  void messagingLogsToTheContainersOutput() {
    var files = MessagingConfig.render(PASSWORD);
    org.assertj.core.api.Assertions.assertThat(files.get("config.json"))
        .contains("\"command\" : \"/usr/lib/rabbitmq/bin/rabbitmq-server\"");
    org.assertj.core.api.Assertions.assertThat(files.get("rabbitmq.conf"))
        .contains("log.console = true\n", "log.file = false\n");
  }

  @Test
  void cache() {
    golden("memcached", CacheConfig.render(TestClouds.dev()));
  }

  @Test
  void keystoneDefaults() {
    golden("keystone", KeystoneConfig.render(TestClouds.dev(), PASSWORD));
  }

  @Test
  void keystoneWithOverridesAndThreeCacheServers() {
    var cloud = TestClouds.dev();
    cloud.getSpec().getInfrastructure().getCache().setReplicas(3);
    var overrides = new LinkedHashMap<String, Map<String, String>>();
    overrides.put("DEFAULT", Map.of("debug", "true"));
    overrides.put("token", Map.of("expiration", "3600"));
    overrides.put("oslo_policy", Map.of("enforce_new_defaults", "true"));
    cloud.getSpec().getServices().getKeystone().setConfig(overrides);
    Golden.assertMatches(
        "keystone-overrides/keystone.conf",
        KeystoneConfig.render(cloud, PASSWORD).get("keystone.conf"));
  }

  @Test
  void horizon() {
    var cloud = TestClouds.dev();
    cloud
        .getSpec()
        .getServices()
        .setHorizon(new dev.openstackcloud.api.v1alpha1.spec.HorizonSpec());
    cloud
        .getSpec()
        .getServices()
        .getHorizon()
        .setConfig(Map.of("local_settings", Map.of("SITE_BRANDING", "Dev \"cloud\"\nimport os")));
    golden("horizon", dev.openstackcloud.horizon.HorizonConfig.render(cloud, PASSWORD));
  }

  /**
   * The settings are a snippet after the image's local_settings.py; Apache serves the compressed
   * static files.
   */
  @Test
  void horizonAddsASnippetAndServesStaticFiles() {
    var cloud = TestClouds.dev();
    cloud
        .getSpec()
        .getServices()
        .setHorizon(new dev.openstackcloud.api.v1alpha1.spec.HorizonSpec());
    var files = dev.openstackcloud.horizon.HorizonConfig.render(cloud, PASSWORD);
    org.assertj.core.api.Assertions.assertThat(files.get("config.json"))
        .contains(
            "\"dest\" : \"/etc/openstack-dashboard/local_settings.d/_9999-openstack-cloud-operator.py\"")
        .doesNotContain("/etc/openstack-dashboard/local_settings.py");
    org.assertj.core.api.Assertions.assertThat(files.get("_9999-openstack-cloud-operator.py"))
        .contains("\nCOMPRESS_OFFLINE = True\n", "\nDEBUG = False\n");
    org.assertj.core.api.Assertions.assertThat(files.get("horizon.conf"))
        .contains(
            "Alias /static /var/lib/kolla/venv/lib/python3/site-packages/static\n",
            "<Directory \"/var/lib/kolla/venv/lib/python3/site-packages/static\">\n    Options None\n    AllowOverride None\n    Require all granted\n");
  }

  @Test
  void horizonRefusesOtherSections() {
    var cloud = TestClouds.dev();
    cloud
        .getSpec()
        .getServices()
        .setHorizon(new dev.openstackcloud.api.v1alpha1.spec.HorizonSpec());
    cloud
        .getSpec()
        .getServices()
        .getHorizon()
        .setConfig(Map.of("DEFAULT", Map.of("debug", "true")));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> dev.openstackcloud.horizon.HorizonConfig.render(cloud, PASSWORD))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("local_settings");
  }

  @Test
  void glance() {
    var cloud = TestClouds.dev();
    cloud.getSpec().getServices().setGlance(new dev.openstackcloud.api.v1alpha1.spec.GlanceSpec());
    golden(
        "glance",
        dev.openstackcloud.glance.GlanceConfig.render(
            cloud, PASSWORD, "SERVICE-PASSWORD", "MESSAGING-PASSWORD"));
  }

  @Test
  void placement() {
    var cloud = TestClouds.dev();
    cloud
        .getSpec()
        .getServices()
        .setPlacement(new dev.openstackcloud.api.v1alpha1.spec.PlacementApiSpec());
    golden(
        "placement",
        dev.openstackcloud.placementapi.PlacementConfig.render(
            cloud, PASSWORD, "SERVICE-PASSWORD"));
  }

  @Test
  void adminCloudsYaml() {
    Golden.assertMatches(
        "keystone/clouds.yaml", AdminCloudsYaml.render(TestClouds.dev(), PASSWORD));
  }

  private static void golden(String service, Map<String, String> files) {
    files.forEach((name, content) -> Golden.assertMatches(service + "/" + name, content));
  }
}
