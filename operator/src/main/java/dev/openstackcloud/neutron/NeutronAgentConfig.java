package dev.openstackcloud.neutron;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.OptionalServiceSpec;
import dev.openstackcloud.config.IniFile;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.credentials.GeneratedSecret;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.kube.Secondaries;
import dev.openstackcloud.openstack.OsloConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The files of one agent: a neutron.conf without database or service passwords (agents only talk
 * RPC), its own ini file, and config.json. One Secret per agent, so a change to one agent's file
 * rolls that agent only.
 */
public class NeutronAgentConfig extends ConfigSecret {
  static final String PHYSNET = "physnet1";
  static final String EXTERNAL_BRIDGE = "br-ex";

  /**
   * ovsdb's unix socket: root only (ovsdb-server makes it root:root 0750), so for root's tools in
   * the OVS images.
   */
  static final String OVSDB_SOCKET = "unix:" + HostPaths.OPENVSWITCH_RUN.mountPath() + "/db.sock";

  /**
   * Nova's metadata API and the Secret with the secret it shares with this agent (both owned by the
   * nova package).
   */
  static final String NOVA_METADATA_SERVICE = "nova-metadata";

  static final int NOVA_METADATA_PORT = 8775;
  static final String NOVA_CREDENTIALS = dev.openstackcloud.nova.Nova.CREDENTIALS;
  static final String NOVA_METADATA_SECRET = dev.openstackcloud.nova.Nova.METADATA_SECRET;

  private final NeutronAgent agent;

  NeutronAgentConfig(NeutronAgent agent) {
    super(Neutron.APP, nameFor(agent));
    this.agent = agent;
  }

  static String nameFor(NeutronAgent agent) {
    return agent.process() + "-config";
  }

  @Override
  public Map<String, String> files(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var cloudCredentials = Secondaries.require(context, Secret.class, CloudCredentials.NAME);
    // From the cache as it is now: when nova-credentials appears, its event re-renders this config
    // and the metadata agent rolls with the secret (see Neutron.register on why this is no edge).
    var metadataSecret =
        metadataSecret(
            cloud,
            agent,
            () ->
                Secondaries.get(context, Secret.class, NOVA_CREDENTIALS)
                    .map(s -> GeneratedSecret.value(s, NOVA_METADATA_SECRET))
                    .orElse(null));
    return render(
        cloud,
        agent,
        GeneratedSecret.value(cloudCredentials, CloudCredentials.MESSAGING),
        metadataSecret);
  }

  /** Nova's metadata proxy secret, for the metadata agent and while nova is on; else null. */
  static String metadataSecret(
      OpenStackCloud cloud, NeutronAgent agent, Supplier<String> novaSecret) {
    return agent == NeutronAgent.METADATA
            && OptionalServiceSpec.isOn(cloud.getSpec().getServices().getNova())
        ? novaSecret.get()
        : null;
  }

  /** {@code metadataSecret}: nova's metadata proxy secret, or null while there is no nova. */
  static Map<String, String> render(
      OpenStackCloud cloud, NeutronAgent agent, String messagingPassword, String metadataSecret) {
    var kolla =
        new KollaConfig(agent.command())
            .file("neutron.conf", "/etc/neutron/neutron.conf", "neutron", "0600")
            .file(agent.iniFile(), agent.iniPath(), "neutron", "0600");
    if (agent.hostPaths().contains(HostPaths.METADATA_PROXY)) {
      // the host directory is created root-owned; the agents run as neutron
      kolla.permission(HostPaths.METADATA_PROXY.mountPath(), "neutron:neutron", true);
    }
    var files = new LinkedHashMap<String, String>();
    files.put("config.json", kolla.render());
    files.put("neutron.conf", neutronConf(cloud, messagingPassword).render());
    files.put(agent.iniFile(), ini(cloud, agent, metadataSecret).render());
    return files;
  }

  /**
   * What every agent reads: RPC, how to reach ovsdb and run privileged commands; the user's
   * overrides last.
   */
  static IniFile neutronConf(OpenStackCloud cloud, String messagingPassword) {
    var conf =
        OsloConfig.base(Neutron.APP)
            .set("DEFAULT", "interface_driver", "openvswitch")
            .set(
                "DEFAULT",
                "metadata_proxy_socket",
                HostPaths.METADATA_PROXY.mountPath() + "/metadata_proxy");
    OsloConfig.messaging(conf, messagingPassword);
    conf.set("agent", "root_helper", "sudo neutron-rootwrap /etc/neutron/rootwrap.conf")
        .set(
            "privsep",
            "helper_command",
            "sudo neutron-rootwrap /etc/neutron/rootwrap.conf privsep-helper");
    return conf.merge(Neutron.spec(cloud).getConfig());
  }

  static IniFile ini(OpenStackCloud cloud, NeutronAgent agent, String metadataSecret) {
    var ini = new IniFile();
    if (agent.hostPaths().contains(HostPaths.OPENVSWITCH_RUN)) {
      // the agents run as neutron, which the root-only socket refuses: see Neutron.OVSDB_CONNECTION
      ini.set("ovs", "ovsdb_connection", Neutron.OVSDB_CONNECTION);
    }
    return switch (agent) {
      // local_ip (the node's address) and host come from the environment: see AgentDaemonSet
      case OPENVSWITCH ->
          ini.set("agent", "tunnel_types", "vxlan")
              .set("agent", "l2_population", true)
              .set("agent", "arp_responder", true)
              .set("securitygroup", "firewall_driver", "openvswitch")
              .set("ovs", "bridge_mappings", PHYSNET + ":" + EXTERNAL_BRIDGE)
              .set("ovs", "datapath_type", Neutron.datapath(cloud).name());
      // On netdev too the l3 and dhcp agents keep internal ports (then TAP devices of ovs-vswitchd)
      // in their namespaces; TCP through them tried fine on OVS 3.1. ovs_use_veth's veth pairs pass
      // TCP there only with checksum offload off on the namespace's end, which neutron turns off
      // with an ethtool binary that Kolla's neutron images lack.
      case L3 -> ini.set("DEFAULT", "agent_mode", "legacy");
      case DHCP ->
          ini.set("DEFAULT", "dhcp_driver", "neutron.agent.linux.dhcp.Dnsmasq")
              .set("DEFAULT", "enable_isolated_metadata", true)
              .set("DEFAULT", "force_metadata", true);
      case METADATA -> {
        ini.set(
                "DEFAULT",
                "nova_metadata_host",
                NOVA_METADATA_SERVICE + "." + cloud.getMetadata().getNamespace() + ".svc")
            .set("DEFAULT", "nova_metadata_port", NOVA_METADATA_PORT)
            .set("DEFAULT", "nova_metadata_protocol", "http")
            .set("DEFAULT", "metadata_workers", 2);
        if (metadataSecret != null) {
          ini.set("DEFAULT", "metadata_proxy_shared_secret", metadataSecret);
        }
        yield ini;
      }
    };
  }
}
