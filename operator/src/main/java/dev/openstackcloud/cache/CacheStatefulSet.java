package dev.openstackcloud.cache;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.kube.StatefulSetDependent;
import dev.openstackcloud.placement.PodPlacement;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Memcached servers with stable names (memcached-N.memcached), so clients hash keys consistently.
 */
public class CacheStatefulSet extends StatefulSetDependent {
  @Override
  protected StatefulSet desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var spec = cloud.getSpec().getInfrastructure().getCache();
    var server =
        KollaPod.kollaContainer(
                cloud,
                "memcached",
                KollaImages.image(cloud, "memcached", spec),
                spec.getResources())
            .addNewPort()
            .withName("memcached")
            .withContainerPort(Cache.PORT)
            .endPort()
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withNewPort(Cache.PORT)
            .endTcpSocket()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .build();
    var template =
        KollaPod.of(cloud, Cache.APP, Cache.COMPONENT, PodPlacement.CONTROL_PLANE)
            .configSecret(ConfigSecret.nameFor(Cache.APP))
            .configHash(ConfigSecret.hash(CacheConfig.render(cloud)))
            .container(server)
            .build();
    return new StatefulSetBuilder()
        .withMetadata(meta(cloud, Cache.APP, Cache.APP, Cache.COMPONENT))
        .withNewSpec()
        .withReplicas(spec.getReplicas())
        .withServiceName(Cache.APP)
        .withPodManagementPolicy("Parallel")
        .withNewSelector()
        .withMatchLabels(Labels.selector(cloud, Cache.APP, Cache.COMPONENT))
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }
}
