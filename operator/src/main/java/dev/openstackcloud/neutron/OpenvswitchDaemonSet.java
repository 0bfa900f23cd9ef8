package dev.openstackcloud.neutron;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.OpenvswitchSpec.Datapath;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.kube.DaemonSetDependent;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.placement.PodPlacement;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Open vSwitch on every compute and network node: ovsdb-server and ovs-vswitchd as two containers
 * of one pod. They are useless apart and change together (only with the OVS images), so one
 * DaemonSet rolls them atomically per node. The openvswitch agent is a DaemonSet of its own: it
 * rolls on Neutron config changes, and restarting ovs-vswitchd with it would cut every instance's
 * traffic on the node.
 */
public class OpenvswitchDaemonSet extends DaemonSetDependent {
  static final String NAME = "openvswitch";
  static final String COMPONENT = "vswitch";
  static final String OVSDB_IMAGE = "openvswitch-db-server";
  static final String VSWITCHD_IMAGE = "openvswitch-vswitchd";

  /** kolla_start sources the image's extend_start unless this is set (to anything). */
  static final String SKIP_EXTEND_START = "KOLLA_SKIP_EXTEND_START";

  private final OpenvswitchConfig config;

  OpenvswitchDaemonSet(OpenvswitchConfig config) {
    super(NAME + "-daemonset");
    this.config = config;
  }

  @Override
  protected String fixedName(OpenStackCloud cloud) {
    return NAME;
  }

  @Override
  protected DaemonSet desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return build(cloud, config.hash(cloud, context));
  }

  static DaemonSet build(OpenStackCloud cloud, String configHash) {
    var resources = Neutron.spec(cloud).getAgents().getResources();
    var run = HostPaths.OPENVSWITCH_RUN;
    // ovsdb-server needs no privilege: it only serves a file over a socket
    var ovsdb =
        KollaPod.kollaContainer(
                cloud, "ovsdb-server", KollaImages.image(cloud, OVSDB_IMAGE, null), resources)
            .withVolumeMounts(
                configMount("ovsdb-server-config"), run.mount(), HostPaths.OPENVSWITCH_DB.mount())
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand("ovsdb-client", "list-dbs", NeutronAgentConfig.OVSDB_SOCKET)
            .endExec()
            .withPeriodSeconds(10)
            .withTimeoutSeconds(5)
            .endReadinessProbe()
            .build();
    // privileged: the node's own interfaces, the kernel datapath, or /dev/net/tun for the userspace
    // one's ports
    var vswitchd =
        KollaPod.kollaContainer(
                cloud, "ovs-vswitchd", KollaImages.image(cloud, VSWITCHD_IMAGE, null), resources)
            .withVolumeMounts(configMount("ovs-vswitchd-config"), run.mount())
            .editOrNewSecurityContext()
            .withPrivileged(true)
            .endSecurityContext()
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand("ovs-appctl", "version")
            .endExec()
            .withPeriodSeconds(10)
            .withTimeoutSeconds(5)
            .endReadinessProbe();
    var pod =
        KollaPod.onAnyOf(cloud, NAME, COMPONENT, PodPlacement.COMPUTE, PodPlacement.NETWORK)
            .configHash(configHash)
            .volume(configVolume("ovsdb-server-config", OpenvswitchConfig.OVSDB))
            .volume(configVolume("ovs-vswitchd-config", OpenvswitchConfig.VSWITCHD))
            .volume(run.volume())
            .volume(HostPaths.OPENVSWITCH_DB.volume());
    if (Neutron.datapath(cloud) == Datapath.netdev) {
      // The image's extend_start runs modprobe openvswitch under errexit, which kills the
      // container where the kernel has no such module. Kolla's own switch skips it, so both
      // datapaths run one config.json through kolla_start (rather than args that bypass it); it
      // skips nothing else of use here (a log file under /var/log/kolla: ours go to the console).
      // Nothing loads a module then, so no /lib/modules either.
      vswitchd.addToEnv(KollaPod.env(SKIP_EXTEND_START, "true"));
    } else {
      vswitchd.addToVolumeMounts(HostPaths.MODULES.mount());
      pod.volume(HostPaths.MODULES.volume());
    }
    var template = pod.container(ovsdb).container(vswitchd.build()).build();
    // ovs-vswitchd drives the node's own interfaces
    template.getSpec().setHostNetwork(true);
    return new DaemonSetBuilder()
        .withMetadata(meta(cloud, NAME, NAME, COMPONENT))
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(Labels.selector(cloud, NAME, COMPONENT))
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  /**
   * The Secret's {@code key} as the config.json of the one container that mounts {@code volume}.
   */
  private static Volume configVolume(String volume, String key) {
    return new VolumeBuilder()
        .withName(volume)
        .withNewSecret()
        .withSecretName(OpenvswitchConfig.nameFor(OpenvswitchConfig.APP))
        .withDefaultMode(0440)
        .addNewItem()
        .withKey(key)
        .withPath("config.json")
        .endItem()
        .endSecret()
        .build();
  }

  private static VolumeMount configMount(String volume) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(KollaConfig.SOURCE_DIR)
        .withReadOnly(true)
        .build();
  }
}
