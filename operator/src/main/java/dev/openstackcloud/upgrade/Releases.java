package dev.openstackcloud.upgrade;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;

/**
 * The release each part of a cloud is rendered at. Read from the cloud's own status, so desired()
 * stays a function of the primary: spec.release only moves a step once the upgrade has recorded it.
 */
public final class Releases {
  private Releases() {}

  public static String effective(OpenStackCloud cloud, UpgradeStep step) {
    var status = cloud.getStatus();
    var running = status == null ? null : status.getRelease();
    if (running == null) {
      return cloud
          .getSpec()
          .getRelease(); // first install: nothing runs yet that an upgrade could break
    }
    var moved = status.getComponentReleases();
    return moved != null && moved.containsKey(step.key()) ? moved.get(step.key()) : running;
  }

  public static String ofImage(OpenStackCloud cloud, String kollaImage) {
    return effective(cloud, UpgradeStep.ofImage(kollaImage));
  }
}
