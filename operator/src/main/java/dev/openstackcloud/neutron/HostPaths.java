package dev.openstackcloud.neutron;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * The host directories Open vSwitch and the Neutron agents share on a node. They are per node, not
 * per cloud: a compute or network node belongs to one cloud only.
 */
enum HostPaths {
  /** ovsdb's socket and the daemons' control sockets. */
  OPENVSWITCH_RUN("openvswitch-run", "/run/openvswitch", "/run/openvswitch", false, null),
  /**
   * ovsdb's database: the node's bridges and ports, kept across restarts and upgrades of the pods.
   */
  OPENVSWITCH_DB("openvswitch-db", "/var/lib/openvswitch", "/var/lib/openvswitch", false, null),
  NETNS("netns", "/run/netns", "/run/netns", false, "Bidirectional"),
  MODULES("modules", "/lib/modules", "/lib/modules", true, null),
  /**
   * Where Kolla's agents expect the metadata proxy socket (metadata_proxy_socket in neutron.conf).
   */
  METADATA_PROXY(
      "metadata-proxy", "/run/neutron/metadata-proxy", "/var/lib/neutron/kolla", false, null);

  private final String volume;
  private final String hostPath;
  private final String mountPath;
  private final boolean readOnly;
  private final String propagation;

  HostPaths(
      String volume, String hostPath, String mountPath, boolean readOnly, String propagation) {
    this.volume = volume;
    this.hostPath = hostPath;
    this.mountPath = mountPath;
    this.readOnly = readOnly;
    this.propagation = propagation;
  }

  String mountPath() {
    return mountPath;
  }

  Volume volume() {
    // the kernel's modules must be there; the rest is state the pods create on first start
    var type = this == MODULES ? "Directory" : "DirectoryOrCreate";
    return new VolumeBuilder().withName(volume).withNewHostPath(hostPath, type).build();
  }

  VolumeMount mount() {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(mountPath)
        .withReadOnly(readOnly ? true : null)
        .withMountPropagation(propagation)
        .build();
  }
}
