package dev.openstackcloud.nova;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.ComputeSpec.Driver;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.neutron.Neutron;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hypervisors' files in {@code nova-compute-config}: their nova.conf has no database connection
 * and no metadata secret (compute nodes are the least trusted hosts of a cloud), and with libvirt,
 * libvirtd's own files.
 */
public class NovaComputeConfig extends ConfigSecret {
  static final String COMPUTE_JSON = "nova-compute.json";
  static final String LIBVIRT_JSON = "nova-libvirt.json";

  public NovaComputeConfig() {
    super(Nova.APP + "-compute");
  }

  @Override
  public Map<String, String> files(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return render(cloud, NovaSecrets.read(context));
  }

  static Map<String, String> render(OpenStackCloud cloud, NovaSecrets secrets) {
    var driver = Nova.spec(cloud).getCompute().getDriver();
    var conf = NovaConfig.common(cloud, secrets);
    if (driver == Driver.fake) {
      // the host name, and so the hypervisor's name, is the pod's: nova-compute-fake-<n>
      conf.set("DEFAULT", "compute_driver", "fake.FakeDriver");
    } else {
      conf.set("DEFAULT", "compute_driver", "libvirt.LibvirtDriver")
          .set("libvirt", "virt_type", "kvm")
          // libvirtd's socket is shared inside the pod; it opens no TCP port on the host
          .set("libvirt", "connection_uri", "qemu:///system")
          // nova-compute runs as nova: ovsdb's loopback port, not its root-only socket
          .set("os_vif_ovs", "ovsdb_connection", Neutron.OVSDB_CONNECTION);
    }
    conf.merge(Nova.spec(cloud).getConfig());

    var files = new LinkedHashMap<String, String>();
    // on the host path of libvirt nodes /var/lib/nova starts out owned by root
    files.put(
        COMPUTE_JSON,
        NovaConfig.novaConf(new KollaConfig("nova-compute"))
            .permission("/var/lib/nova", "nova:nova", false)
            .render());
    files.put("nova.conf", conf.render());
    if (driver == Driver.libvirt) {
      files.put(
          LIBVIRT_JSON,
          new KollaConfig("/usr/local/bin/kolla_nova_libvirt_start")
              .file("libvirtd.conf", "/etc/libvirt/libvirtd.conf", "root", "0600")
              .file("qemu.conf", "/etc/libvirt/qemu.conf", "root", "0600")
              .render());
      files.put(
          "libvirtd.conf",
          lines(
              "listen_tcp = 0",
              "listen_tls = 0",
              // nova-compute runs as nova, a member of kolla in both images
              "unix_sock_group = \"kolla\"",
              "unix_sock_rw_perms = \"0770\"",
              "auth_unix_rw = \"none\"",
              "log_outputs = \"3:stderr\""));
      files.put(
          "qemu.conf", lines("stdio_handler = \"logd\"", "user = \"nova\"", "group = \"nova\""));
    }
    return files;
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }
}
