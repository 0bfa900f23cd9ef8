package dev.openstackcloud.nova;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kolla.ConfigJson;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.placement.PodPlacement;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.Map;

/** What both kinds of hypervisor pod share: compute placement and the nova-compute container. */
final class ComputePods {
  private ComputePods() {}

  /** A pod of {@code component} on compute nodes, rolled by a change of {@code files}. */
  static KollaPod pod(
      OpenStackCloud cloud, String component, String secret, Map<String, String> files) {
    return KollaPod.of(cloud, Nova.APP, component, PodPlacement.COMPUTE)
        .volume(
            ConfigJson.volume(
                KollaPod.CONFIG_VOLUME, secret, NovaComputeConfig.COMPUTE_JSON, files.keySet()))
        .configHash(ConfigSecret.hash(files));
  }

  static ContainerBuilder novaCompute(OpenStackCloud cloud) {
    var compute = Nova.spec(cloud).getCompute();
    return KollaPod.kollaContainer(
            cloud,
            "nova-compute",
            KollaImages.image(cloud, "nova-compute", compute),
            compute.getResources())
        .addToVolumeMounts(ConfigJson.mount(KollaPod.CONFIG_VOLUME));
  }
}
