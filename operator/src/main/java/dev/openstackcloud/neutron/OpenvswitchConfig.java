package dev.openstackcloud.neutron;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.kolla.ConfigSecret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * config.json of ovsdb-server and ovs-vswitchd. Nothing of the cloud's spec goes in, so Neutron
 * config changes never restart Open vSwitch (and with it every instance's datapath).
 */
public class OpenvswitchConfig extends ConfigSecret {
  static final String APP = "openvswitch";
  static final String OVSDB = "ovsdb-server.json";
  static final String VSWITCHD = "ovs-vswitchd.json";
  static final String RUN = HostPaths.OPENVSWITCH_RUN.mountPath();

  public OpenvswitchConfig() {
    super(APP);
  }

  @Override
  public Map<String, String> files(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return render();
  }

  /**
   * Two remotes: the unix socket for root's tools in these images, and the loopback port for the
   * agents and nova-compute, which run as service users (see Neutron.OVSDB_CONNECTION). No
   * manager_options remote, through which another listener could be opened later. Logs go to the
   * console, where kubectl logs finds them.
   */
  static Map<String, String> render() {
    var files = new LinkedHashMap<String, String>();
    files.put(
        OVSDB,
        new KollaConfig(
                "ovsdb-server "
                    + HostPaths.OPENVSWITCH_DB.mountPath()
                    + "/conf.db -vconsole:info"
                    + " --remote=punix:"
                    + RUN
                    + "/db.sock --remote=ptcp:"
                    + Neutron.OVSDB_PORT
                    + ":127.0.0.1"
                    + " --pidfile="
                    + RUN
                    + "/ovsdb-server.pid")
            .render());
    files.put(
        VSWITCHD,
        new KollaConfig(
                "ovs-vswitchd unix:"
                    + RUN
                    + "/db.sock -vconsole:info --mlockall"
                    + " --pidfile="
                    + RUN
                    + "/ovs-vswitchd.pid")
            .render());
    return files;
  }
}
