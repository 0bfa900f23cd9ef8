package dev.openstackcloud.keystone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.keystone.KeystoneRegistrationJob.Endpoint;
import dev.openstackcloud.testing.Golden;
import dev.openstackcloud.testing.TestClouds;
import org.junit.jupiter.api.Test;

class KeystoneRegistrationJobTest {
  private final KeystoneRegistrationJob job =
      new KeystoneRegistrationJob(
          "nova",
          "nova",
          new Endpoint(
              "nova",
              "compute",
              "OpenStack Compute",
              c -> "http://nova." + c.getMetadata().getNamespace() + ".svc:8774/v2.1"));

  @Test
  void registersIdempotentlyWithAdminAndServiceRoles() {
    var script = job.script(TestClouds.dev());
    Golden.assertMatches("keystone/registration-nova.sh", script);
    assertThat(script)
        .contains("--user nova admin", "--user nova service")
        .doesNotContainPattern("--password [^\"]")
        .contains("\"$SERVICE_PASSWORD\"");
    // every create is guarded by a show, so a re-run converges instead of duplicating
    assertThat(
            script
                .lines()
                .filter(l -> l.contains(" create "))
                .allMatch(l -> l.contains("||") || l.contains("if [ -z")))
        .isTrue();
  }

  /**
   * Found on the real node: Glance's, Placement's and Nova's registrations ran at once, and two
   * lost the race to create the shared project with 409 Conflict, failing their Jobs.
   */
  @Test
  void aRegistrationThatLosesTheRaceForTheSharedProjectAndRoleCarriesOn() {
    var script = job.script(TestClouds.dev());
    assertThat(script)
        .contains(
            "openstack project create --domain default service || openstack project show service")
        .contains("openstack role create service || openstack role show service");
  }
}
