package dev.openstackcloud.neutron;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.NeutronSpec;
import dev.openstackcloud.api.v1alpha1.spec.OpenvswitchSpec.Datapath;
import dev.openstackcloud.api.v1alpha1.spec.OptionalServiceSpec;
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
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Neutron with the Open vSwitch agents: the server on the control plane; Open vSwitch and the
 * openvswitch agent on compute and network nodes; the l3, dhcp and metadata agents on network
 * nodes.
 */
public final class Neutron {
  public static final String APP = "neutron";
  public static final int PORT = 9696;
  public static final String SERVER_IMAGE = "neutron-server";

  /**
   * How the agents and nova-compute (os-vif) reach ovsdb, as kolla-ansible does: on the node's
   * loopback. ovsdb-server runs as root and makes its unix socket root:root 0750, with no option
   * for its group, and the agents run as neutron, nova-compute as nova. Every client is in the
   * node's network namespace (hostNetwork), and the node belongs to one cloud; see
   * OpenvswitchConfig.
   */
  public static final int OVSDB_PORT = 6640;

  public static final String OVSDB_CONNECTION = "tcp:127.0.0.1:" + OVSDB_PORT;
  static final String DB_SYNC =
      "exec neutron-db-manage --config-file /etc/neutron/neutron.conf"
          + " --config-file /etc/neutron/plugins/ml2/ml2_conf.ini upgrade heads";

  private Neutron() {}

  static NeutronSpec spec(OpenStackCloud cloud) {
    return cloud.getSpec().getServices().getNeutron();
  }

  /**
   * Open vSwitch's datapath on the nodes, named as ovsdb's Bridge datapath_type and neutron's [ovs]
   * datapath_type.
   */
  static Datapath datapath(OpenStackCloud cloud) {
    return spec(cloud).getOpenvswitch().getDatapath();
  }

  public static boolean isOn(OpenStackCloud cloud) {
    return OptionalServiceSpec.isOn(spec(cloud));
  }

  public static String internalUrl(OpenStackCloud cloud) {
    return OsloConfig.url(cloud, APP, PORT, "");
  }

  /** Adds Neutron's objects; returns the server, which Nova waits for. */
  public static DependentResource<?, ?> register(CloudGraph graph, Shared shared) {
    var neutron = graph.component("Neutron", Neutron::isOn);
    var credentials = neutron.add(new ServiceCredentials(APP));
    var serverConfig = neutron.add(new NeutronServerConfig(), credentials, shared.credentials());
    var dbCreate =
        neutron.add(
            new DatabaseCreateJob(
                APP, APP, ServiceCredentials.nameFor(APP), ServiceCredentials.DATABASE),
            shared.database(),
            credentials);
    var dbSync =
        neutron.add(
            DbSyncJob.migration(APP, "db-sync", SERVER_IMAGE, DB_SYNC, Neutron::spec, serverConfig),
            dbCreate,
            serverConfig);
    var registration =
        neutron.add(
            new KeystoneRegistrationJob(
                APP,
                APP,
                new Endpoint(APP, "network", "OpenStack Networking", Neutron::internalUrl)),
            shared.keystoneApi(),
            shared.keystoneBootstrap(),
            credentials);
    var process =
        new OpenStackProcess(
            APP,
            "server",
            SERVER_IMAGE,
            PORT,
            "/",
            Neutron::spec,
            c -> spec(c).getReplicas(),
            PodPlacement.CONTROL_PLANE,
            serverConfig);
    var server =
        neutron.add(
            new ProcessDeployment(process),
            dbSync,
            registration,
            shared.messaging(),
            shared.cache());
    neutron.add(new ServiceDependent(APP, APP, "server", PORT, false));

    var ovsConfig = neutron.add(new OpenvswitchConfig());
    var ovs = neutron.add(new OpenvswitchDaemonSet(ovsConfig), ovsConfig);
    var ovsAgent = addAgent(neutron, NeutronAgent.OPENVSWITCH, shared, ovs, server);
    // l3 and dhcp plug their ports into br-int, which the openvswitch agent sets up.
    addAgent(neutron, NeutronAgent.L3, shared, ovsAgent);
    addAgent(neutron, NeutronAgent.DHCP, shared, ovsAgent);
    // The metadata config also reads nova-credentials (the shared secret) while nova is on. Not a
    // dependsOn edge: with nova off, JOSDK deletes whatever depends on a switched-off dependent.
    addAgent(neutron, NeutronAgent.METADATA, shared, server);
    return server;
  }

  private static AgentDaemonSet addAgent(
      CloudGraph.Component neutron,
      NeutronAgent agent,
      Shared shared,
      DependentResource<?, ?>... after) {
    var config = neutron.add(new NeutronAgentConfig(agent), shared.credentials());
    var dependsOn =
        Stream.concat(Stream.of(config), Arrays.stream(after)).toArray(DependentResource[]::new);
    return neutron.add(new AgentDaemonSet(agent, config), dependsOn);
  }
}
