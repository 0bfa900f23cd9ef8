package dev.openstackcloud.placementapi;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.database.Database;
import dev.openstackcloud.kolla.ApacheWsgi;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.openstack.OsloConfig;
import dev.openstackcloud.openstack.ServiceCredentials;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** placement.conf, its Apache WSGI site and config.json for the Kolla placement-api container. */
public class PlacementConfig extends ConfigSecret {
  public PlacementConfig() {
    super(PlacementApi.APP);
  }

  @Override
  public Map<String, String> files(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var passwords = ServiceCredentials.read(context, PlacementApi.APP);
    return render(cloud, passwords.database(), passwords.service());
  }

  public static Map<String, String> render(
      OpenStackCloud cloud, String databasePassword, String servicePassword) {
    var conf = OsloConfig.base(PlacementApi.APP).set("api", "auth_strategy", "keystone");
    OsloConfig.database(
        conf,
        "placement_database",
        Database.url(PlacementApi.APP, databasePassword, PlacementApi.APP));
    OsloConfig.keystoneAuthtoken(conf, cloud, PlacementApi.APP, servicePassword);
    conf.merge(PlacementApi.spec(cloud).getConfig());
    var files = new LinkedHashMap<String, String>();
    files.put(
        "config.json",
        new KollaConfig("/usr/sbin/apache2 -DFOREGROUND")
            .file("placement.conf", "/etc/placement/placement.conf", "placement", "0600")
            .file(
                "wsgi-placement.conf",
                "/etc/apache2/conf-enabled/wsgi-placement.conf",
                "placement",
                "0600")
            .render());
    files.put("placement.conf", conf.render());
    files.put(
        "wsgi-placement.conf",
        ApacheWsgi.site(
            PlacementApi.PORT,
            "placement-api",
            "placement",
            "/var/lib/kolla/venv/bin/placement-api",
            2));
    return files;
  }
}
