package dev.openstackcloud.keystone;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.kube.DeploymentDependent;
import dev.openstackcloud.kube.Labels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The keystone API (Apache + mod_wsgi). Rolls when its config or keys change. */
public class KeystoneDeployment extends DeploymentDependent {
  @Override
  protected Deployment desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var keystone = cloud.getSpec().getServices().getKeystone();
    var api =
        KollaPod.kollaContainer(
                cloud,
                "keystone",
                KollaImages.image(cloud, "keystone", keystone),
                keystone.getResources())
            .withVolumeMounts(KeystonePod.API.mounts())
            .addNewPort()
            .withName("http")
            .withContainerPort(Keystone.PORT)
            .endPort()
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath("/v3")
            .withNewPort(Keystone.PORT)
            .endHttpGet()
            .withPeriodSeconds(5)
            .withTimeoutSeconds(5)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewTcpSocket()
            .withNewPort(Keystone.PORT)
            .endTcpSocket()
            .withInitialDelaySeconds(30)
            .withPeriodSeconds(15)
            .endLivenessProbe()
            .build();
    return new DeploymentBuilder()
        .withMetadata(meta(cloud, Keystone.APP, Keystone.APP, Keystone.COMPONENT))
        .withNewSpec()
        .withReplicas(keystone.getReplicas())
        .withProgressDeadlineSeconds(600)
        .withNewSelector()
        .withMatchLabels(Labels.selector(cloud, Keystone.APP, Keystone.COMPONENT))
        .endSelector()
        .withTemplate(
            KeystonePod.API
                .of(cloud, Keystone.COMPONENT, new KeystoneConfig().files(cloud, context))
                .container(api)
                .build())
        .endSpec()
        .build();
  }
}
