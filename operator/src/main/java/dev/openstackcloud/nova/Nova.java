package dev.openstackcloud.nova;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.ComputeSpec.Driver;
import dev.openstackcloud.api.v1alpha1.spec.NovaSpec;
import dev.openstackcloud.api.v1alpha1.spec.OptionalServiceSpec;
import dev.openstackcloud.api.v1alpha1.spec.ProcessSpec;
import dev.openstackcloud.database.DatabaseCreateJob;
import dev.openstackcloud.keystone.KeystoneRegistrationJob;
import dev.openstackcloud.keystone.KeystoneRegistrationJob.Endpoint;
import dev.openstackcloud.kube.ServiceDependent;
import dev.openstackcloud.openstack.DbSyncJob;
import dev.openstackcloud.openstack.OpenStackProcess;
import dev.openstackcloud.openstack.OsloConfig;
import dev.openstackcloud.openstack.ServiceCredentials;
import dev.openstackcloud.openstack.Shared;
import dev.openstackcloud.placement.PodPlacement;
import dev.openstackcloud.reconciler.CloudGraph;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Nova, the compute service: the API, metadata API, scheduler, conductor and VNC proxy on the
 * control plane, one cell (cell1, plus cell0 for instances that never got a host), and the
 * hypervisors on the compute nodes (libvirt) or anywhere (fake, for CI).
 */
public final class Nova {
  public static final String APP = "nova";
  public static final String COMPONENT = "Nova";
  public static final int API_PORT = 8774;
  public static final int METADATA_PORT = 8775;
  public static final int NOVNCPROXY_PORT = 6080;

  /** The Secret with nova's generated passwords. */
  public static final String CREDENTIALS = ServiceCredentials.nameFor(APP);

  /**
   * Key in {@link #CREDENTIALS} of the shared secret neutron's metadata agent signs instance
   * requests with.
   */
  public static final String METADATA_SECRET = "metadata-secret";

  /**
   * Key in {@link #CREDENTIALS} of the nova_api database user's password (user nova owns cell0 and
   * cell1).
   */
  public static final String API_DATABASE_PASSWORD = "api-database-password";

  static final String API_DATABASE = "nova_api";
  static final String CELL_DATABASE = "nova";
  static final String CELL0_DATABASE = "nova_cell0";

  /**
   * Every control-plane process and Job runs from this image; it carries nova-manage and the WSGI
   * scripts.
   */
  static final String API_IMAGE = "nova-api";

  private Nova() {}

  static NovaSpec spec(OpenStackCloud cloud) {
    return cloud.getSpec().getServices().getNova();
  }

  static boolean isOn(OpenStackCloud cloud) {
    return OptionalServiceSpec.isOn(spec(cloud));
  }

  static boolean driverIs(OpenStackCloud cloud, Driver driver) {
    return isOn(cloud) && spec(cloud).getCompute().getDriver() == driver;
  }

  /** The compute endpoint inside the cluster, as registered in the catalog. */
  public static String internalUrl(OpenStackCloud cloud) {
    return OsloConfig.url(cloud, APP, API_PORT, "/v2.1");
  }

  /**
   * Adds Nova's objects; returns the API. The API and the hypervisors wait for Placement, Glance
   * and every gate in {@code more} (the Neutron server); the metadata API waits for {@code more}
   * too.
   */
  public static DependentResource<?, ?> register(
      CloudGraph graph,
      Shared shared,
      DependentResource<?, ?> placementApi,
      DependentResource<?, ?> glanceApi,
      DependentResource<?, ?>... more) {
    var nova = graph.component(COMPONENT, Nova::isOn);
    var credentials = nova.add(new ServiceCredentials(APP, API_DATABASE_PASSWORD, METADATA_SECRET));
    var config = nova.add(new NovaConfig(), credentials, shared.credentials());
    var computeConfig = nova.add(new NovaComputeConfig(), credentials, shared.credentials());

    // One database per Job; user nova owns cell0 too, since map_cell0 derives cell0's URL from
    // cell1's.
    var apiDbCreate =
        nova.add(
            new DatabaseCreateJob(
                APP,
                "api-db-create",
                API_DATABASE,
                API_DATABASE,
                CREDENTIALS,
                API_DATABASE_PASSWORD),
            shared.database(),
            credentials);
    var cell0DbCreate =
        nova.add(
            new DatabaseCreateJob(
                APP,
                "cell0-db-create",
                CELL0_DATABASE,
                APP,
                CREDENTIALS,
                ServiceCredentials.DATABASE),
            shared.database(),
            credentials);
    var cellDbCreate =
        nova.add(
            new DatabaseCreateJob(
                APP, "db-create", CELL_DATABASE, APP, CREDENTIALS, ServiceCredentials.DATABASE),
            shared.database(),
            credentials);
    var apiDbSync =
        nova.add(
            migration("api-db-sync", "exec nova-manage api_db sync", config), apiDbCreate, config);
    var mapCell0 =
        nova.add(
            manage("map-cell0", "exec nova-manage cell_v2 map_cell0", config),
            apiDbSync,
            cell0DbCreate);
    var createCell1 =
        nova.add(
            manage(
                "create-cell1",
                "nova-manage cell_v2 list_cells | grep -q ' cell1 ' || exec nova-manage cell_v2 create_cell --name cell1",
                config),
            mapCell0,
            cellDbCreate);
    var dbSync = nova.add(migration("db-sync", "exec nova-manage db sync", config), createCell1);
    // Online data migrations, run after every db sync (Nova's upgrade guide): the component, and so
    // the compute step of an upgrade, is ready only once they finish. Services need not wait for
    // them.
    nova.add(
        migration("online-data-migrations", "exec nova-manage db online_data_migrations", config),
        dbSync);
    var registration =
        nova.add(
            new KeystoneRegistrationJob(
                APP, APP, new Endpoint(APP, "compute", "OpenStack Compute", Nova::internalUrl)),
            shared.keystoneApi(),
            shared.keystoneBootstrap(),
            credentials);

    var api =
        nova.add(
            new NovaProcessDeployment(
                new OpenStackProcess(
                    APP,
                    "api",
                    API_IMAGE,
                    API_PORT,
                    "/",
                    Nova::spec,
                    c -> spec(c).getReplicas(),
                    PodPlacement.CONTROL_PLANE,
                    config)),
            gates(more, dbSync, registration, shared.cache(), placementApi, glanceApi));
    nova.add(new ServiceDependent(APP, "api", API_PORT, false));
    nova.add(
        process("metadata", API_IMAGE, METADATA_PORT, NovaSpec::getMetadata, config),
        gates(more, dbSync, registration, shared.cache()));
    nova.add(new ServiceDependent(APP + "-metadata", APP, "metadata", METADATA_PORT, false));
    nova.add(
        process("scheduler", "nova-scheduler", null, NovaSpec::getScheduler, config),
        dbSync,
        shared.messaging(),
        placementApi);
    var conductor =
        nova.add(
            process("conductor", "nova-conductor", null, NovaSpec::getConductor, config),
            dbSync,
            shared.messaging());
    nova.add(
        process("novncproxy", "nova-novncproxy", NOVNCPROXY_PORT, NovaSpec::getNovncproxy, config),
        dbSync);
    nova.add(new ServiceDependent(APP + "-novncproxy", APP, "novncproxy", NOVNCPROXY_PORT, false));
    nova.add(new NovaArchiveCronJob(config), dbSync);

    // The hypervisors: one kind per driver, so switching the driver removes the other kind.
    var computeGates = gates(more, computeConfig, conductor, placementApi, glanceApi);
    graph
        .component(COMPONENT, c -> driverIs(c, Driver.libvirt))
        .add(new LibvirtComputeDaemonSet(computeConfig), computeGates);
    graph
        .component(COMPONENT, c -> driverIs(c, Driver.fake))
        .add(new FakeComputeStatefulSet(computeConfig), computeGates);
    return api;
  }

  private static DbSyncJob manage(String task, String command, NovaConfig config) {
    return new DbSyncJob(APP, task, API_IMAGE, command, Nova::spec, config);
  }

  private static DbSyncJob migration(String task, String command, NovaConfig config) {
    return DbSyncJob.migration(APP, task, API_IMAGE, command, Nova::spec, config);
  }

  private static NovaProcessDeployment process(
      String component,
      String image,
      Integer port,
      Function<NovaSpec, ProcessSpec> section,
      NovaConfig config) {
    Function<OpenStackCloud, ProcessSpec> spec = c -> section.apply(spec(c));
    return new NovaProcessDeployment(
        new OpenStackProcess(
            APP,
            component,
            image,
            port,
            null,
            spec,
            c -> spec.apply(c).getReplicas(),
            PodPlacement.CONTROL_PLANE,
            config));
  }

  private static DependentResource<?, ?>[] gates(
      DependentResource<?, ?>[] more, DependentResource<?, ?>... fixed) {
    return Stream.concat(Stream.of(fixed), Stream.of(more)).toArray(DependentResource<?, ?>[]::new);
  }
}
