package dev.openstackcloud.keystone;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.placement.PodPlacement;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/** The pod shape every keystone container shares: config Secret plus the key repositories. */
final class KeystonePod {
  private KeystonePod() {}

  static KollaPod of(OpenStackCloud cloud, String component, String configHash) {
    var items = new ArrayList<io.fabric8.kubernetes.api.model.KeyToPath>();
    for (int i = 0; i < KeystoneKeys.FERNET.length; i++) {
      items.add(new KeyToPathBuilder().withKey(KeystoneKeys.FERNET[i]).withPath("fernet-keys/" + i).build());
    }
    for (int i = 0; i < KeystoneKeys.CREDENTIAL.length; i++) {
      items.add(new KeyToPathBuilder().withKey(KeystoneKeys.CREDENTIAL[i]).withPath("credential-keys/" + i).build());
    }
    return KollaPod.of(cloud, Keystone.APP, component, PodPlacement.CONTROL_PLANE)
        .configSecret(ConfigSecret.nameFor(Keystone.APP))
        .configHash(configHash)
        .volume(new VolumeBuilder().withName("keys").withNewSecret().withSecretName(Keystone.KEYS_SECRET)
            .withItems(items).withDefaultMode(0440).endSecret().build());
  }

  static List<io.fabric8.kubernetes.api.model.VolumeMount> keysMount() {
    return List.of(new VolumeMountBuilder().withName("keys").withMountPath(KeystoneConfig.KEYS_DIR).withReadOnly(true).build());
  }
}
