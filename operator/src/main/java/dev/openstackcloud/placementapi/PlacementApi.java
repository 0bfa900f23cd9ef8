package dev.openstackcloud.placementapi;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.OptionalServiceSpec;
import dev.openstackcloud.api.v1alpha1.spec.PlacementApiSpec;
import dev.openstackcloud.database.DatabaseCreateJob;
import dev.openstackcloud.keystone.KeystoneRegistrationJob;
import dev.openstackcloud.keystone.KeystoneRegistrationJob.Endpoint;
import dev.openstackcloud.kube.ServiceDependent;
import dev.openstackcloud.openstack.DbSyncJob;
import dev.openstackcloud.openstack.OpenStackProcess;
import dev.openstackcloud.openstack.OsloConfig;
import dev.openstackcloud.openstack.ProcessDeployment;
import dev.openstackcloud.openstack.ServiceCredentials;
import dev.openstackcloud.openstack.Shared;
import dev.openstackcloud.placement.PodPlacement;
import dev.openstackcloud.reconciler.CloudGraph;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;

/** The Placement API (package named apart from pod placement, which is another matter). */
public final class PlacementApi {
  public static final String APP = "placement";
  public static final int PORT = 8778;

  private PlacementApi() {}

  static PlacementApiSpec spec(OpenStackCloud cloud) {
    return cloud.getSpec().getServices().getPlacement();
  }

  public static String internalUrl(OpenStackCloud cloud) {
    return OsloConfig.url(cloud, APP, PORT, "");
  }

  /** Adds Placement's objects; returns the API, which Nova waits for. */
  public static DependentResource<?, ?> register(CloudGraph graph, Shared shared) {
    var placement = graph.component("Placement", cloud -> OptionalServiceSpec.isOn(spec(cloud)));
    var credentials = placement.add(new ServiceCredentials(APP));
    var config = new PlacementConfig();
    placement.add(config, credentials);
    var dbCreate =
        placement.add(
            new DatabaseCreateJob(
                APP, APP, ServiceCredentials.nameFor(APP), ServiceCredentials.DATABASE),
            shared.database(),
            credentials);
    var dbSync =
        placement.add(
            DbSyncJob.migration(
                APP,
                "db-sync",
                "placement-api",
                "exec placement-manage db sync",
                PlacementApi::spec,
                config),
            dbCreate,
            config);
    var registration =
        placement.add(
            new KeystoneRegistrationJob(
                APP,
                APP,
                new Endpoint(APP, "placement", "OpenStack Placement", PlacementApi::internalUrl)),
            shared.keystoneApi(),
            shared.keystoneBootstrap(),
            credentials);
    var process =
        new OpenStackProcess(
            APP,
            "api",
            "placement-api",
            PORT,
            "/",
            PlacementApi::spec,
            c -> spec(c).getReplicas(),
            PodPlacement.CONTROL_PLANE,
            config);
    var api = placement.add(new ProcessDeployment(process), dbSync, registration, shared.cache());
    placement.add(new ServiceDependent(APP, "api", PORT, false));
    return api;
  }
}
