package dev.openstackcloud.neutron;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
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
 * rolls on Neutron config changes, and restarting ovs-vswitchd with it would cut every
 * instance's traffic on the node.
 */
public class OpenvswitchDaemonSet extends DaemonSetDependent {
  static final String NAME = "openvswitch";
  static final String COMPONENT = "vswitch";
  static final String OVSDB_IMAGE = "openvswitch-db-server";
  static final String VSWITCHD_IMAGE = "openvswitch-vswitchd";

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
    var ovsdb = KollaPod.kollaContainer(cloud, "ovsdb-server", KollaImages.image(cloud, OVSDB_IMAGE, null), resources)
        .withVolumeMounts(configMount("ovsdb-server-config"), run.mount(), HostPaths.OPENVSWITCH_DB.mount())
        .withNewReadinessProbe().withNewExec().withCommand("ovsdb-client", "list-dbs", NeutronAgentConfig.OVSDB_SOCKET).endExec()
        .withPeriodSeconds(10).withTimeoutSeconds(5).endReadinessProbe()
        .build();
    var vswitchd = KollaPod.kollaContainer(cloud, "ovs-vswitchd", KollaImages.image(cloud, VSWITCHD_IMAGE, null), resources)
        .withVolumeMounts(configMount("ovs-vswitchd-config"), run.mount(), HostPaths.MODULES.mount())
        .editOrNewSecurityContext().withPrivileged(true).endSecurityContext()
        .withNewReadinessProbe().withNewExec().withCommand("ovs-appctl", "version").endExec()
        .withPeriodSeconds(10).withTimeoutSeconds(5).endReadinessProbe()
        .build();
    var template = KollaPod.onAnyOf(cloud, NAME, COMPONENT, PodPlacement.COMPUTE, PodPlacement.NETWORK)
        .configHash(configHash)
        .volume(configVolume("ovsdb-server-config", OpenvswitchConfig.OVSDB))
        .volume(configVolume("ovs-vswitchd-config", OpenvswitchConfig.VSWITCHD))
        .volume(run.volume())
        .volume(HostPaths.OPENVSWITCH_DB.volume())
        .volume(HostPaths.MODULES.volume())
        .container(ovsdb)
        .container(vswitchd)
        .build();
    // ovs-vswitchd drives the node's own interfaces and kernel datapath
    template.getSpec().setHostNetwork(true);
    return new DaemonSetBuilder()
        .withMetadata(meta(cloud, NAME, NAME, COMPONENT))
        .withNewSpec()
        .withNewSelector().withMatchLabels(Labels.selector(cloud, NAME, COMPONENT)).endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  /** The Secret's {@code key} as the config.json of the one container that mounts {@code volume}. */
  private static Volume configVolume(String volume, String key) {
    return new VolumeBuilder().withName(volume).withNewSecret().withSecretName(OpenvswitchConfig.nameFor(OpenvswitchConfig.APP))
        .withDefaultMode(0440).addNewItem().withKey(key).withPath("config.json").endItem().endSecret().build();
  }

  private static VolumeMount configMount(String volume) {
    return new VolumeMountBuilder().withName(volume).withMountPath(KollaConfig.SOURCE_DIR).withReadOnly(true).build();
  }
}
