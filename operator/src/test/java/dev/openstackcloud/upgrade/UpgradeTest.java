package dev.openstackcloud.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.OpenStackCloudSpec;
import dev.openstackcloud.api.v1alpha1.status.OpenStackCloudStatus;
import dev.openstackcloud.kolla.KollaImages;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpgradeTest {
  private static final java.time.Instant NOW = java.time.Instant.parse("2026-11-22T07:00:00Z");
  private static final Set<String> MINIMAL =
      Set.of("Database", "Messaging", "Cache", "Keystone", "Glance");

  @Test
  void hopsIncludeNextReleaseAndSkipLevelPairsOnly() {
    assertThat(ReleaseHops.allowed("2025.1", "2025.2")).isTrue();
    assertThat(ReleaseHops.allowed("2024.1", "2025.1")).isTrue();
    assertThat(ReleaseHops.allowed("2025.1", "2026.1")).isTrue();
    assertThat(ReleaseHops.allowed("2024.2", "2025.2"))
        .as("skip from a non-SLURP release")
        .isFalse();
    assertThat(ReleaseHops.allowed("2025.1", "2023.1")).as("downgrade").isFalse();
  }

  @Test
  void aFirstInstallRunsSpecReleaseEverywhere() {
    var cloud = cloud("2025.2", null, null);
    assertThat(KollaImages.image(cloud, "keystone", null)).endsWith(":2025.2-ubuntu-noble");
    assertThat(Upgrade.plan(cloud, MINIMAL, MINIMAL, Set.of(), false, NOW).state())
        .isEqualTo(Upgrade.State.NONE);
  }

  @Test
  void anUnsupportedHopIsRefusedNamingTheTargetsAndRendersTheRunningRelease() {
    var cloud = cloud("2023.1", "2025.1", null);
    var plan = Upgrade.plan(cloud, MINIMAL, MINIMAL, Set.of(), false, NOW);
    assertThat(plan.state()).isEqualTo(Upgrade.State.REFUSED);
    assertThat(plan.reason()).isEqualTo("UnsupportedHop");
    assertThat(plan.message()).contains("2025.2, 2026.1");
    assertThat(plan.componentReleases()).isNull();
    assertThat(plan.release()).isEqualTo("2025.1");
    assertThat(KollaImages.image(cloud, "mariadb-server", null)).endsWith(":2025.1-ubuntu-noble");
  }

  @Test
  void stepsMoveOneAtATimeOnlyAfterTheEarlierOnesAreReady() {
    var cloud = cloud("2025.2", "2025.1", null);
    var plan = Upgrade.plan(cloud, MINIMAL, MINIMAL, Set.of(), false, NOW);
    assertThat(plan.step()).isEqualTo(UpgradeStep.INFRASTRUCTURE);
    assertThat(plan.componentReleases()).containsExactly(Map.entry("infrastructure", "2025.2"));
    assertThat(plan.release()).isEqualTo("2025.1");

    cloud.getStatus().setComponentReleases(plan.componentReleases());
    assertThat(KollaImages.image(cloud, "rabbitmq", null)).endsWith(":2025.2-ubuntu-noble");
    assertThat(KollaImages.image(cloud, "keystone", null)).endsWith(":2025.1-ubuntu-noble");
    var waiting =
        Upgrade.plan(
            cloud,
            MINIMAL,
            Set.of("Database", "Cache", "Keystone", "Glance"),
            Set.of(),
            false,
            NOW);
    assertThat(waiting.step()).as("messaging not ready yet").isEqualTo(UpgradeStep.INFRASTRUCTURE);
    assertThat(waiting.componentReleases()).isEqualTo(plan.componentReleases());

    var keystone = Upgrade.plan(cloud, MINIMAL, MINIMAL, Set.of(), false, NOW);
    assertThat(keystone.step()).isEqualTo(UpgradeStep.KEYSTONE);
    assertThat(keystone.message()).contains("from 2025.1 to 2025.2");
    cloud.getStatus().setComponentReleases(keystone.componentReleases());
    var glance = Upgrade.plan(cloud, MINIMAL, MINIMAL, Set.of(), false, NOW);
    assertThat(glance.step()).isEqualTo(UpgradeStep.GLANCE);
    cloud.getStatus().setComponentReleases(glance.componentReleases());

    var last = Upgrade.plan(cloud, MINIMAL, MINIMAL, Set.of(), false, NOW);
    assertThat(last.state())
        .as("placement, nova, neutron, horizon are off: nothing to wait for")
        .isEqualTo(Upgrade.State.DONE);
    assertThat(last.release()).isEqualTo("2025.2");
    assertThat(last.componentReleases()).isNull();
  }

  @Test
  void pausedHoldsAndAThirdReleaseMidUpgradeIsRefused() {
    var cloud = cloud("2025.2", "2025.1", Map.of("infrastructure", "2025.2"));
    var held = Upgrade.plan(cloud, MINIMAL, MINIMAL, Set.of(), true, NOW);
    assertThat(held.state()).isEqualTo(Upgrade.State.UPGRADING);
    assertThat(held.componentReleases()).containsExactly(Map.entry("infrastructure", "2025.2"));

    cloud.getSpec().setRelease("2026.1");
    var elsewhere = Upgrade.plan(cloud, MINIMAL, MINIMAL, Set.of(), false, NOW);
    assertThat(elsewhere.state()).isEqualTo(Upgrade.State.REFUSED);
    assertThat(elsewhere.reason()).isEqualTo("UpgradeInProgress");
    assertThat(elsewhere.message())
        .contains("set spec.release to 2025.2 to finish it or back to 2025.1 to roll it back");
    assertThat(elsewhere.componentReleases())
        .containsExactly(Map.entry("infrastructure", "2025.2"));
  }

  @Test
  void aRollbackBeforeAnyMigrationReturnsEveryMovedStepThenSettles() {
    // keystone moved, its db-sync failed (not migrated): back to 2025.1 is safe
    var cloud = cloud("2025.1", "2025.1", Map.of("infrastructure", "2025.2", "keystone", "2025.2"));
    var notKeystone = Set.of("Database", "Messaging", "Cache", "Glance");
    var back = Upgrade.plan(cloud, MINIMAL, notKeystone, Set.of("Glance"), false, NOW);
    assertThat(back.state()).isEqualTo(Upgrade.State.UPGRADING);
    assertThat(back.reason()).isEqualTo("RollingBack");
    assertThat(back.componentReleases())
        .containsExactly(Map.entry("infrastructure", "2025.1"), Map.entry("keystone", "2025.1"));
    assertThat(back.release()).isEqualTo("2025.1");
    cloud.getStatus().setComponentReleases(back.componentReleases());
    assertThat(KollaImages.image(cloud, "keystone", null)).endsWith(":2025.1-ubuntu-noble");

    var waiting = Upgrade.plan(cloud, MINIMAL, notKeystone, Set.of(), false, NOW);
    assertThat(waiting.reason()).isEqualTo("RollingBack");
    assertThat(waiting.step()).isEqualTo(UpgradeStep.KEYSTONE);
    var settled = Upgrade.plan(cloud, MINIMAL, MINIMAL, Set.of(), false, NOW);
    assertThat(settled.state()).isEqualTo(Upgrade.State.NONE);
    assertThat(settled.componentReleases()).isNull();
    assertThat(settled.release()).isEqualTo("2025.1");
  }

  @Test
  void aRollbackPastACompletedMigrationIsRefusedAndRemembered() {
    var cloud =
        cloud(
            "2025.2",
            "2025.1",
            Map.of("infrastructure", "2025.2", "keystone", "2025.2", "glance", "2025.2"));
    // keystone's db-sync completed at 2025.2; glance's is still running
    var upgrading =
        Upgrade.plan(
            cloud,
            MINIMAL,
            Set.of("Database", "Messaging", "Cache", "Keystone"),
            Set.of("Keystone"),
            false,
            NOW);
    assertThat(upgrading.migratedSteps()).containsExactly("keystone");
    cloud.getStatus().setMigratedSteps(upgrading.migratedSteps());

    cloud.getSpec().setRelease("2025.1");
    var refused = Upgrade.plan(cloud, MINIMAL, MINIMAL, Set.of("Keystone", "Glance"), false, NOW);
    assertThat(refused.state()).isEqualTo(Upgrade.State.REFUSED);
    assertThat(refused.reason()).isEqualTo("RollbackUnsafe");
    assertThat(refused.message())
        .contains("keystone, glance")
        .contains("set spec.release to 2025.2");
    assertThat(refused.componentReleases())
        .as("nothing moves")
        .isEqualTo(cloud.getStatus().getComponentReleases());
    assertThat(refused.migratedSteps()).containsExactly("keystone", "glance");

    cloud.getStatus().setMigratedSteps(refused.migratedSteps());
    assertThat(Upgrade.plan(cloud, MINIMAL, MINIMAL, Set.of(), false, NOW).reason())
        .as("a migration once seen stays, even when its Job is gone")
        .isEqualTo("RollbackUnsafe");
    cloud.getSpec().setRelease("2025.2");
    var done = Upgrade.plan(cloud, MINIMAL, MINIMAL, Set.of(), false, NOW);
    assertThat(done.state()).isEqualTo(Upgrade.State.DONE);
    assertThat(done.migratedSteps()).isNull();
  }

  @Test
  void aCanaryHoldsTheComputeStepUntilTheApprovalNamesTheTarget() {
    var all = Set.of("Database", "Messaging", "Cache", "Keystone", "Nova");
    var cloud =
        cloud(
            "2025.2",
            "2025.1",
            Map.of(
                "infrastructure",
                "2025.2",
                "keystone",
                "2025.2",
                "glance",
                "2025.2",
                "placement",
                "2025.2",
                "nova",
                "2025.2"));
    var nova = new dev.openstackcloud.api.v1alpha1.spec.NovaSpec();
    nova.getCompute().setDriver(dev.openstackcloud.api.v1alpha1.spec.ComputeSpec.Driver.fake);
    nova.getCompute().setFakeHypervisors(3);
    cloud.getSpec().getServices().setNova(nova);
    cloud.getSpec().getUpgrade().setCanary(1);

    var canary = Upgrade.plan(cloud, all, all, Set.of(), false, NOW);
    assertThat(canary.step()).isEqualTo(UpgradeStep.COMPUTE);
    assertThat(canary.canaryHosts()).isEqualTo(1);
    cloud.getStatus().setComponentReleases(canary.componentReleases());
    cloud.getStatus().setCanaryHosts(canary.canaryHosts());

    var held = Upgrade.plan(cloud, all, all, Set.of(), false, NOW);
    assertThat(held.reason()).isEqualTo("CanaryAwaitingApproval");
    assertThat(held.canaryHosts()).isEqualTo(1);
    cloud.getMetadata().setAnnotations(Map.of(Upgrade.APPROVE_ANNOTATION, "2025.1"));
    assertThat(Upgrade.plan(cloud, all, all, Set.of(), false, NOW).reason())
        .as("an approval of another release")
        .isEqualTo("CanaryAwaitingApproval");

    cloud.getMetadata().setAnnotations(Map.of(Upgrade.APPROVE_ANNOTATION, "2025.2"));
    var approved = Upgrade.plan(cloud, all, all, Set.of(), false, NOW);
    assertThat(approved.canaryHosts()).isNull();
    assertThat(approved.state()).isEqualTo(Upgrade.State.UPGRADING);
    cloud.getStatus().setCanaryHosts(null);
    assertThat(Upgrade.plan(cloud, all, all, Set.of(), false, NOW).state())
        .isEqualTo(Upgrade.State.DONE);
  }

  @Test
  void aCanaryIsApprovedBySpecOrBySoakingHealthy() {
    var all = Set.of("Database", "Messaging", "Cache", "Keystone", "Nova");
    var cloud =
        cloud(
            "2025.2",
            "2025.1",
            Map.of(
                "infrastructure",
                "2025.2",
                "keystone",
                "2025.2",
                "glance",
                "2025.2",
                "placement",
                "2025.2",
                "nova",
                "2025.2",
                "compute",
                "2025.2"));
    cloud.getStatus().setCanaryHosts(1);
    cloud.getSpec().getUpgrade().setCanary(1);
    cloud.getSpec().getUpgrade().setApprovedRelease("2025.2");
    assertThat(Upgrade.plan(cloud, all, all, Set.of(), false, NOW).canaryHosts())
        .as("approved in the spec")
        .isNull();

    cloud.getSpec().getUpgrade().setApprovedRelease(null);
    cloud.getSpec().getUpgrade().setCanarySoak("10m");
    var soaking = Upgrade.plan(cloud, all, all, Set.of(), false, NOW);
    assertThat(soaking.reason()).isEqualTo("CanaryAwaitingApproval");
    assertThat(soaking.message()).contains("stay ready until 2026-11-22T07:10:00Z");
    assertThat(soaking.canaryHealthySince()).isEqualTo(NOW);
    cloud.getStatus().setCanaryHealthySince(NOW.toString());
    assertThat(Upgrade.plan(cloud, all, all, Set.of(), false, NOW.plusSeconds(599)).canaryHosts())
        .as("still soaking")
        .isEqualTo(1);
    var unhealthy =
        Upgrade.plan(
            cloud,
            all,
            Set.of("Database", "Messaging", "Cache", "Keystone"),
            Set.of(),
            false,
            NOW.plusSeconds(599));
    assertThat(unhealthy.canaryHealthySince())
        .as("a canary that is not ready starts over")
        .isNull();
    assertThat(Upgrade.plan(cloud, all, all, Set.of(), false, NOW.plusSeconds(600)).canaryHosts())
        .as("soaked")
        .isNull();
  }

  @Test
  void everyImageTheOperatorUsesBelongsToAStep() {
    for (var image :
        new String[] {
          "mariadb-server",
          "rabbitmq",
          "memcached",
          "keystone",
          "kolla-toolbox",
          "glance-api",
          "placement-api",
          "nova-api",
          "nova-compute",
          "nova-libvirt",
          "neutron-server",
          "neutron-openvswitch-agent",
          "openvswitch-db-server",
          "openvswitch-vswitchd"
        }) {
      assertThat(UpgradeStep.ofImage(image)).as(image).isNotNull();
    }
    assertThat(UpgradeStep.ofImage("openvswitch-vswitchd")).isEqualTo(UpgradeStep.NEUTRON);
    assertThat(UpgradeStep.ofImage("nova-compute")).isEqualTo(UpgradeStep.COMPUTE);
    assertThat(UpgradeStep.ofImage("nova-conductor")).isEqualTo(UpgradeStep.NOVA);
  }

  private static OpenStackCloud cloud(
      String specRelease, String running, Map<String, String> moved) {
    var cloud = new OpenStackCloud();
    cloud.setMetadata(new ObjectMetaBuilder().withName("c").withNamespace("n").build());
    var spec = new OpenStackCloudSpec();
    spec.setRelease(specRelease);
    cloud.setSpec(spec);
    var status = new OpenStackCloudStatus();
    status.setRelease(running);
    status.setComponentReleases(moved);
    cloud.setStatus(status);
    return cloud;
  }
}
