package dev.openstackcloud.kolla;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.WorkloadSpec;
import dev.openstackcloud.upgrade.Releases;

/**
 * Kolla image names: {@code <registry>/<image>:<release>-<distro>}, or a per-workload override. The
 * release is the one the image's upgrade step runs, which lags spec.release during an upgrade.
 */
public final class KollaImages {
  private KollaImages() {}

  public static String image(OpenStackCloud cloud, String kollaImage, WorkloadSpec override) {
    if (override != null && override.getImage() != null) {
      return override.getImage();
    }
    var images = cloud.getSpec().getImages();
    var tag =
        images.getTag() != null
            ? images.getTag()
            : Releases.ofImage(cloud, kollaImage) + "-" + images.getDistro();
    return images.getRegistry() + "/" + kollaImage + ":" + tag;
  }
}
