package dev.openstackcloud.kolla;

import dev.openstackcloud.config.KollaConfig;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Several processes of a service (nova's, keystone's API and its Jobs) share one config Secret, but
 * kolla_start reads a fixed config.json: each container sees the Secret with its own process's json
 * as config.json and the others left out.
 */
public final class ConfigJson {
  private ConfigJson() {}

  /** The Secret's {@code keys} as the container sees them: {@code json} becomes config.json. */
  public static List<KeyToPath> items(String json, Collection<String> keys) {
    if (!keys.contains(json)) {
      throw new IllegalArgumentException("no " + json + " among " + keys);
    }
    var items = new ArrayList<KeyToPath>();
    keys.stream()
        .filter(k -> !k.endsWith(".json"))
        .forEach(k -> items.add(new KeyToPath(k, null, k)));
    items.add(new KeyToPath(json, null, "config.json"));
    return items;
  }

  /** A config volume of Secret {@code secret} for the container that reads {@code json}. */
  public static Volume volume(String name, String secret, String json, Collection<String> keys) {
    return new VolumeBuilder()
        .withName(name)
        .withNewSecret()
        .withSecretName(secret)
        .withDefaultMode(0440)
        .withItems(items(json, keys))
        .endSecret()
        .build();
  }

  /** Where a container mounts its config volume: the directory kolla_set_configs reads. */
  public static VolumeMount mount(String volume) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(KollaConfig.SOURCE_DIR)
        .withReadOnly(true)
        .build();
  }

  /**
   * Narrows the config volume {@link KollaPod} mounted whole to the one process {@code json} is
   * for.
   */
  public static void select(PodSpec pod, String json, Collection<String> keys) {
    var volume =
        pod.getVolumes().stream()
            .filter(v -> KollaPod.CONFIG_VOLUME.equals(v.getName()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException("pod has no " + KollaPod.CONFIG_VOLUME + " volume"));
    volume.getSecret().setItems(items(json, keys));
  }
}
