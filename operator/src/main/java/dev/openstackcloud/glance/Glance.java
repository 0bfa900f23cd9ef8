package dev.openstackcloud.glance;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.GlanceSpec;
import dev.openstackcloud.api.v1alpha1.spec.OptionalServiceSpec;
import dev.openstackcloud.database.DatabaseCreateJob;
import dev.openstackcloud.keystone.KeystoneRegistrationJob;
import dev.openstackcloud.keystone.KeystoneRegistrationJob.Endpoint;
import dev.openstackcloud.kube.RetainedVolume;
import dev.openstackcloud.kube.ServiceDependent;
import dev.openstackcloud.openstack.DbSyncJob;
import dev.openstackcloud.openstack.OpenStackProcess;
import dev.openstackcloud.openstack.OsloConfig;
import dev.openstackcloud.openstack.ServiceCredentials;
import dev.openstackcloud.openstack.Shared;
import dev.openstackcloud.placement.PodPlacement;
import dev.openstackcloud.reconciler.CloudGraph;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;

/** Glance, the image service: API with the file store on a retained volume. */
public final class Glance {
  public static final String APP = "glance";
  public static final int PORT = 9292;
  public static final String IMAGES_VOLUME = "glance-images";

  private Glance() {}

  static GlanceSpec spec(OpenStackCloud cloud) {
    return cloud.getSpec().getServices().getGlance();
  }

  public static String internalUrl(OpenStackCloud cloud) {
    return OsloConfig.url(cloud, APP, PORT, "");
  }

  /** Adds Glance's objects; returns the API, which Nova waits for. */
  public static DependentResource<?, ?> register(CloudGraph graph, Shared shared) {
    var glance = graph.component("Glance", cloud -> OptionalServiceSpec.isOn(spec(cloud)));
    var credentials = glance.add(new ServiceCredentials(APP));
    var config = new GlanceConfig();
    glance.add(config, credentials, shared.credentials());
    var volume =
        glance.add(
            new RetainedVolume(
                IMAGES_VOLUME, APP, "ReadWriteOnce", cloud -> spec(cloud).getStorage()));
    var dbCreate =
        glance.add(
            new DatabaseCreateJob(
                APP, APP, ServiceCredentials.nameFor(APP), ServiceCredentials.DATABASE),
            shared.database(),
            credentials);
    var dbSync =
        glance.add(
            DbSyncJob.migration(
                APP, "db-sync", "glance-api", "exec glance-manage db_sync", Glance::spec, config),
            dbCreate,
            config);
    var registration =
        glance.add(
            new KeystoneRegistrationJob(
                APP, APP, new Endpoint(APP, "image", "OpenStack Image", Glance::internalUrl)),
            shared.keystoneApi(),
            shared.keystoneBootstrap(),
            credentials);
    var process =
        new OpenStackProcess(
            APP,
            "api",
            "glance-api",
            PORT,
            "/healthcheck",
            Glance::spec,
            c -> spec(c).getReplicas(),
            PodPlacement.CONTROL_PLANE,
            config);
    var api =
        glance.add(new GlanceDeployment(process), dbSync, registration, volume, shared.cache());
    glance.add(new ServiceDependent(APP, "api", PORT, false));
    return api;
  }
}
