package dev.openstackcloud.database;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.credentials.CloudCredentials;
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

/**
 * MariaDB with its data on a PersistentVolumeClaim per pod. The claims outlive the pods; they are
 * removed with the cloud only under deletionPolicy Delete (the StatefulSet's retention policy).
 */
public class DatabaseStatefulSet extends StatefulSetDependent {
  static final String DATA_VOLUME = "data";

  @Override
  protected StatefulSet desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var spec = cloud.getSpec().getInfrastructure().getDatabase();
    var image = KollaImages.image(cloud, "mariadb-server", spec);
    var dataMount =
        new VolumeMountBuilder().withName(DATA_VOLUME).withMountPath("/var/lib/mysql").build();
    // First start only: initialise the data directory and root password, then leave it alone.
    var bootstrap =
        KollaPod.kollaContainer(cloud, "bootstrap", image, spec.getResources())
            .withArgs(
                "/bin/bash",
                "-c",
                "test -d /var/lib/mysql/mysql || exec env KOLLA_BOOTSTRAP=true kolla_start")
            .addToEnv(
                KollaPod.secretEnv(
                    "DB_ROOT_PASSWORD", CloudCredentials.NAME, CloudCredentials.DATABASE_ROOT))
            .addToEnv(KollaPod.env("DB_MAX_TIMEOUT", "60"))
            .withVolumeMounts(dataMount)
            .build();
    var server =
        KollaPod.kollaContainer(cloud, "mariadb", image, spec.getResources())
            .withVolumeMounts(dataMount)
            .addNewPort()
            .withName("mysql")
            .withContainerPort(Database.PORT)
            .endPort()
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withNewPort(Database.PORT)
            .endTcpSocket()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .withNewLivenessProbe()
            .withNewTcpSocket()
            .withNewPort(Database.PORT)
            .endTcpSocket()
            .withInitialDelaySeconds(60)
            .withPeriodSeconds(15)
            .endLivenessProbe()
            .build();
    var template =
        KollaPod.of(cloud, Database.APP, Database.COMPONENT, PodPlacement.CONTROL_PLANE)
            .configSecret(ConfigSecret.nameFor(Database.APP))
            .configHash(ConfigSecret.hash(DatabaseConfig.render()))
            .initContainer(bootstrap)
            .container(server)
            .build();
    var storage = spec.getStorage();
    return new StatefulSetBuilder()
        .withMetadata(meta(cloud, Database.APP, Database.APP, Database.COMPONENT))
        .withNewSpec()
        .withReplicas(spec.getReplicas())
        .withServiceName(Database.APP)
        .withNewSelector()
        .withMatchLabels(Labels.selector(cloud, Database.APP, Database.COMPONENT))
        .endSelector()
        .withTemplate(template)
        .withVolumeClaimTemplates(
            Retention.claim(
                cloud, DATA_VOLUME, Database.APP, Database.COMPONENT, "ReadWriteOnce", storage))
        .withPersistentVolumeClaimRetentionPolicy(Retention.statefulSetPolicy(cloud))
        .endSpec()
        .build();
  }
}
