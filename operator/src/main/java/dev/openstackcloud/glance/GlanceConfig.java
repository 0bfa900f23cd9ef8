package dev.openstackcloud.glance;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.database.Database;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.openstack.OsloConfig;
import dev.openstackcloud.openstack.ServiceCredentials;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** glance-api.conf and config.json for the Kolla glance-api container. */
public class GlanceConfig extends ConfigSecret {
  public GlanceConfig() {
    super(Glance.APP);
  }

  @Override
  public Map<String, String> files(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var passwords = ServiceCredentials.read(context, Glance.APP);
    return render(cloud, passwords.database(), passwords.service(), passwords.messaging());
  }

  public static Map<String, String> render(
      OpenStackCloud cloud,
      String databasePassword,
      String servicePassword,
      String messagingPassword) {
    var conf =
        OsloConfig.base(Glance.APP)
            .set("DEFAULT", "bind_host", "0.0.0.0")
            .set("DEFAULT", "bind_port", Glance.PORT)
            .set("DEFAULT", "workers", 2)
            .set("DEFAULT", "enabled_backends", "file:file");
    OsloConfig.messaging(conf, messagingPassword);
    OsloConfig.database(conf, "database", Database.url(Glance.APP, databasePassword, Glance.APP));
    OsloConfig.keystoneAuthtoken(conf, cloud, Glance.APP, servicePassword);
    conf.set("paste_deploy", "flavor", "keystone")
        .set("glance_store", "default_backend", "file")
        .set("file", "filesystem_store_datadir", "/var/lib/glance/images/")
        .set("os_glance_staging_store", "filesystem_store_datadir", "/var/lib/glance/staging/")
        .set("os_glance_tasks_store", "filesystem_store_datadir", "/var/lib/glance/tasks_work_dir/")
        .merge(Glance.spec(cloud).getConfig());
    var files = new LinkedHashMap<String, String>();
    files.put(
        "config.json",
        new KollaConfig("glance-api")
            .file("glance-api.conf", "/etc/glance/glance-api.conf", "glance", "0600")
            .permission("/var/lib/glance", "glance:glance", true)
            .render());
    files.put("glance-api.conf", conf.render());
    return files;
  }
}
