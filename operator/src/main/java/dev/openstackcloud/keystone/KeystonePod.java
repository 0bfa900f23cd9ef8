package dev.openstackcloud.keystone;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kolla.ConfigJson;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.placement.PodPlacement;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod shape every keystone container shares: keystone.conf from the config Secret with its own
 * config.json, and only the key repositories it reads. Token keys sign every token, so they go
 * nowhere they are not needed.
 */
enum KeystonePod {
  /** The API signs and validates tokens and encrypts credentials. */
  API(KeystoneConfig.API_JSON, true, true),
  /**
   * keystone-manage bootstrap loads the fernet token provider, which refuses to start without a key
   * repository.
   */
  BOOTSTRAP(KeystoneConfig.BOOTSTRAP_JSON, true, false),
  /** keystone-manage db_sync reads no key. */
  DB_SYNC(KeystoneConfig.DB_SYNC_JSON, false, false);

  private final String configJson;
  private final boolean fernetKeys;
  private final boolean credentialKeys;

  KeystonePod(String configJson, boolean fernetKeys, boolean credentialKeys) {
    this.configJson = configJson;
    this.fernetKeys = fernetKeys;
    this.credentialKeys = credentialKeys;
  }

  /**
   * The pod of {@code component} over the rendered {@code files}; its containers add {@link
   * #mounts()}.
   */
  KollaPod of(OpenStackCloud cloud, String component, Map<String, String> files) {
    var pod =
        KollaPod.of(cloud, Keystone.APP, component, PodPlacement.CONTROL_PLANE)
            .configSecret(
                ConfigSecret.nameFor(Keystone.APP), ConfigJson.items(configJson, files.keySet()))
            .configHash(ConfigSecret.hash(files));
    var items = new ArrayList<KeyToPath>();
    if (fernetKeys) {
      for (int i = 0; i < KeystoneKeys.FERNET.length; i++) {
        items.add(
            new KeyToPathBuilder()
                .withKey(KeystoneKeys.FERNET[i])
                .withPath("fernet-keys/" + i)
                .build());
      }
    }
    if (credentialKeys) {
      for (int i = 0; i < KeystoneKeys.CREDENTIAL.length; i++) {
        items.add(
            new KeyToPathBuilder()
                .withKey(KeystoneKeys.CREDENTIAL[i])
                .withPath("credential-keys/" + i)
                .build());
      }
    }
    if (!items.isEmpty()) {
      pod.volume(
          new VolumeBuilder()
              .withName("keys")
              .withNewSecret()
              .withSecretName(Keystone.KEYS_SECRET)
              .withItems(items)
              .withDefaultMode(0440)
              .endSecret()
              .build());
    }
    return pod;
  }

  /** The keys mount of a container of this pod, if it reads any key. */
  List<VolumeMount> mounts() {
    return fernetKeys || credentialKeys
        ? List.of(
            new VolumeMountBuilder()
                .withName("keys")
                .withMountPath(KeystoneConfig.KEYS_DIR)
                .withReadOnly(true)
                .build())
        : List.of();
  }
}
