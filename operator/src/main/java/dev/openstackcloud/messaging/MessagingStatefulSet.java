package dev.openstackcloud.messaging;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.kube.Retention;
import dev.openstackcloud.kube.StatefulSetDependent;
import dev.openstackcloud.placement.PodPlacement;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** RabbitMQ with its queues on a retained volume. */
public class MessagingStatefulSet extends StatefulSetDependent {
  @Override
  protected StatefulSet desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var spec = cloud.getSpec().getInfrastructure().getMessaging();
    var server =
        KollaPod.kollaContainer(
                cloud, "rabbitmq", KollaImages.image(cloud, "rabbitmq", spec), spec.getResources())
            .withVolumeMounts(
                new VolumeMountBuilder()
                    .withName("data")
                    .withMountPath("/var/lib/rabbitmq")
                    .build())
            .addNewPort()
            .withName("amqp")
            .withContainerPort(Messaging.PORT)
            .endPort()
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withNewPort(Messaging.PORT)
            .endTcpSocket()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .build();
    var template =
        KollaPod.of(cloud, Messaging.APP, Messaging.COMPONENT, PodPlacement.CONTROL_PLANE)
            .configSecret(ConfigSecret.nameFor(Messaging.APP))
            .configHash(ConfigSecret.hash(new MessagingConfig().files(cloud, context)))
            .container(server)
            .build();
    return new StatefulSetBuilder()
        .withMetadata(meta(cloud, Messaging.APP, Messaging.APP, Messaging.COMPONENT))
        .withNewSpec()
        .withReplicas(spec.getReplicas())
        .withServiceName(Messaging.APP)
        .withNewSelector()
        .withMatchLabels(Labels.selector(cloud, Messaging.APP, Messaging.COMPONENT))
        .endSelector()
        .withTemplate(template)
        .withVolumeClaimTemplates(
            Retention.claim(
                cloud,
                "data",
                Messaging.APP,
                Messaging.COMPONENT,
                "ReadWriteOnce",
                spec.getStorage()))
        .withPersistentVolumeClaimRetentionPolicy(Retention.statefulSetPolicy(cloud))
        .endSpec()
        .build();
  }
}
