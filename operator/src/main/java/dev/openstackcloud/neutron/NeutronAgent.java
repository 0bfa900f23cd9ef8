package dev.openstackcloud.neutron;

import dev.openstackcloud.placement.PodPlacement;
import java.util.List;

/**
 * The per-node Neutron agents: what each runs, where, and which parts of its host it needs.
 *
 * <p>Host-level exceptions, and why (everything else runs like any pod):
 *
 * <ul>
 *   <li>hostNetwork (openvswitch, l3, dhcp): they create and move the node's own network devices,
 *       and the openvswitch agent is the OpenFlow controller ovs-vswitchd reaches on 127.0.0.1.
 *   <li>privileged (the same three): network namespaces, iptables, sysctls and kernel modules.
 *   <li>/run/openvswitch: the bridges' control sockets, which the root helpers (ovs-ofctl,
 *       ovs-appctl) use. The agents themselves reach ovsdb on 127.0.0.1:6640 (its unix socket is
 *       root only; see {@link Neutron#OVSDB_CONNECTION}); that and the agent's OpenFlow controller
 *       (127.0.0.1:6633) are the only listeners, on the loopback, never a hostPort, on a node that
 *       belongs to one cloud only.
 *   <li>/run/netns (Bidirectional): router and DHCP namespaces outlive an agent restart.
 *   <li>/lib/modules (read-only): modprobe of the tunnel and conntrack modules.
 *   <li>{@link HostPaths#METADATA_PROXY}: the socket haproxy in router and DHCP namespaces relays
 *       metadata requests through to the metadata agent.
 * </ul>
 *
 * The metadata agent needs none of the network ones: it only talks RPC, HTTP and that socket.
 */
enum NeutronAgent {
  OPENVSWITCH(
      "openvswitch-agent",
      "openvswitch_agent.ini",
      "/etc/neutron/plugins/ml2/openvswitch_agent.ini",
      true,
      List.of(HostPaths.OPENVSWITCH_RUN, HostPaths.MODULES),
      PodPlacement.COMPUTE,
      PodPlacement.NETWORK),
  L3(
      "l3-agent",
      "l3_agent.ini",
      "/etc/neutron/l3_agent.ini",
      true,
      List.of(
          HostPaths.OPENVSWITCH_RUN, HostPaths.NETNS, HostPaths.MODULES, HostPaths.METADATA_PROXY),
      PodPlacement.NETWORK),
  DHCP(
      "dhcp-agent",
      "dhcp_agent.ini",
      "/etc/neutron/dhcp_agent.ini",
      true,
      List.of(HostPaths.OPENVSWITCH_RUN, HostPaths.NETNS, HostPaths.METADATA_PROXY),
      PodPlacement.NETWORK),
  METADATA(
      "metadata-agent",
      "metadata_agent.ini",
      "/etc/neutron/metadata_agent.ini",
      false,
      List.of(HostPaths.METADATA_PROXY),
      PodPlacement.NETWORK);

  private final String component;
  private final String iniFile;
  private final String iniPath;
  private final boolean hostLevel;
  private final List<HostPaths> hostPaths;
  private final PodPlacement[] roles;

  NeutronAgent(
      String component,
      String iniFile,
      String iniPath,
      boolean hostLevel,
      List<HostPaths> hostPaths,
      PodPlacement... roles) {
    this.component = component;
    this.iniFile = iniFile;
    this.iniPath = iniPath;
    this.hostLevel = hostLevel;
    this.hostPaths = hostPaths;
    this.roles = roles;
  }

  /** app.kubernetes.io/component, e.g. l3-agent. */
  String component() {
    return component;
  }

  /** Name of the DaemonSet, of its config Secret's prefix and of its process: neutron-l3-agent. */
  String process() {
    return Neutron.APP + "-" + component;
  }

  /** The Kolla image is named after the process. */
  String kollaImage() {
    return process();
  }

  String iniFile() {
    return iniFile;
  }

  String iniPath() {
    return iniPath;
  }

  /** Runs in the host's network namespace, privileged. */
  boolean hostLevel() {
    return hostLevel;
  }

  List<HostPaths> hostPaths() {
    return hostPaths;
  }

  PodPlacement[] roles() {
    return roles.clone();
  }

  String command() {
    return process() + " --config-file /etc/neutron/neutron.conf --config-file " + iniPath;
  }
}
