package dev.openstackcloud.neutron;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.OptionalServiceSpec;
import dev.openstackcloud.config.IniFile;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.database.Database;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.openstack.OsloConfig;
import dev.openstackcloud.openstack.ServiceCredentials;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * neutron.conf, ml2_conf.ini and config.json of neutron-server (and its db-sync Job). The only
 * Neutron files with the database and service passwords: the agents on the nodes get neither.
 */
public class NeutronServerConfig extends ConfigSecret {
  static final String NAME = "neutron-server-config";
  static final String ML2_CONF = "/etc/neutron/plugins/ml2/ml2_conf.ini";

  public NeutronServerConfig() {
    super(Neutron.APP, NAME);
  }

  @Override
  public Map<String, String> files(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var passwords = ServiceCredentials.read(context, Neutron.APP);
    return render(cloud, passwords.database(), passwords.service(), passwords.messaging());
  }

  public static Map<String, String> render(
      OpenStackCloud cloud,
      String databasePassword,
      String servicePassword,
      String messagingPassword) {
    // nova is told of port changes only when there is a nova to tell; otherwise every change logs
    // an error
    boolean nova = OptionalServiceSpec.isOn(cloud.getSpec().getServices().getNova());
    var conf =
        OsloConfig.base(Neutron.APP)
            .set("DEFAULT", "bind_host", "0.0.0.0")
            .set("DEFAULT", "bind_port", Neutron.PORT)
            .set("DEFAULT", "api_workers", 2)
            .set("DEFAULT", "rpc_workers", 1)
            .set("DEFAULT", "rpc_state_report_workers", 1)
            .set("DEFAULT", "auth_strategy", "keystone")
            .set("DEFAULT", "core_plugin", "ml2")
            .set("DEFAULT", "service_plugins", "router")
            .set("DEFAULT", "notify_nova_on_port_status_changes", nova)
            .set("DEFAULT", "notify_nova_on_port_data_changes", nova);
    OsloConfig.messaging(conf, messagingPassword);
    OsloConfig.database(conf, "database", Database.url(Neutron.APP, databasePassword, Neutron.APP));
    OsloConfig.keystoneAuthtoken(conf, cloud, Neutron.APP, servicePassword);
    // neutron's own service user (admin in project service) notifies nova: no need for nova's
    // password
    // neutron's [nova] picks nova's endpoint with its own region_name and endpoint_type, not
    // keystoneauth's valid_interfaces
    OsloConfig.passwordAuth(conf, "nova", cloud, Neutron.APP, servicePassword)
        .set("nova", "region_name", cloud.getSpec().getServices().getKeystone().getRegion())
        .set("nova", "endpoint_type", "internal");
    conf.merge(Neutron.spec(cloud).getConfig());
    var files = new LinkedHashMap<String, String>();
    files.put(
        "config.json",
        new KollaConfig(
                "neutron-server --config-file /etc/neutron/neutron.conf --config-file " + ML2_CONF)
            .file("neutron.conf", "/etc/neutron/neutron.conf", "neutron", "0600")
            .file("ml2_conf.ini", ML2_CONF, "neutron", "0600")
            .render());
    files.put("neutron.conf", conf.render());
    files.put("ml2_conf.ini", ml2().render());
    return files;
  }

  /**
   * ML2 with Open vSwitch: VXLAN for project networks, flat and VLAN on physnet1 (br-ex on the
   * nodes).
   */
  static IniFile ml2() {
    return new IniFile()
        .set("ml2", "type_drivers", "flat,vlan,vxlan")
        .set("ml2", "tenant_network_types", "vxlan")
        .set("ml2", "mechanism_drivers", "openvswitch,l2population")
        .set("ml2", "extension_drivers", "port_security")
        .set("ml2_type_flat", "flat_networks", NeutronAgentConfig.PHYSNET)
        .set("ml2_type_vlan", "network_vlan_ranges", NeutronAgentConfig.PHYSNET)
        .set("ml2_type_vxlan", "vni_ranges", "1:1000");
  }
}
