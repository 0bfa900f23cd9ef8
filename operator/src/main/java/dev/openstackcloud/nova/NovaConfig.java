package dev.openstackcloud.nova;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.cache.Cache;
import dev.openstackcloud.config.IniFile;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.database.Database;
import dev.openstackcloud.kolla.ApacheWsgi;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.openstack.OsloConfig;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The control plane's files in {@code nova-config}: nova.conf, the Apache sites of the two APIs,
 * and one {@code nova-<process>.json} per process, which its pods mount as config.json. The Jobs
 * mount the Secret whole and read {@code config.json}, which only puts nova.conf in place.
 */
public class NovaConfig extends ConfigSecret {
  static final String WSGI_DIR = "/var/lib/kolla/venv/bin";
  private static final String APACHE = "/usr/sbin/apache2 -DFOREGROUND";

  public NovaConfig() {
    super(Nova.APP);
  }

  /** The key of {@code component}'s config.json in this Secret. */
  static String configJson(String component) {
    return Nova.APP + "-" + component + ".json";
  }

  @Override
  public Map<String, String> files(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return render(cloud, NovaSecrets.read(context));
  }

  static Map<String, String> render(OpenStackCloud cloud, NovaSecrets secrets) {
    var conf = common(cloud, secrets);
    OsloConfig.database(
        conf,
        "api_database",
        Database.url(Nova.API_DATABASE, secrets.apiDatabase(), Nova.API_DATABASE));
    OsloConfig.database(
        conf, "database", Database.url(Nova.APP, secrets.database(), Nova.CELL_DATABASE));
    OsloConfig.keystoneAuthtoken(conf, cloud, Nova.APP, secrets.service());
    conf.set("neutron", "metadata_proxy_shared_secret", secrets.metadata())
        .set("neutron", "service_metadata_proxy", true)
        .set("conductor", "workers", 2)
        .set("scheduler", "workers", 2)
        // the scheduler maps new hypervisors into cell1 itself, so adding a compute node needs no
        // Job
        .set("scheduler", "discover_hosts_in_cells_interval", 60)
        .set("cache", "enabled", true)
        .set("cache", "backend", "oslo_cache.memcache_pool")
        .set("cache", "memcache_servers", Cache.servers(cloud))
        .set("vnc", "novncproxy_host", "0.0.0.0")
        .set("vnc", "novncproxy_port", Nova.NOVNCPROXY_PORT)
        .set("wsgi", "api_paste_config", "/etc/nova/api-paste.ini")
        .set("oslo_middleware", "enable_proxy_headers_parsing", true)
        .merge(Nova.spec(cloud).getConfig());

    var files = new LinkedHashMap<String, String>();
    // kolla_set_configs insists on a command; the Jobs run their own.
    files.put("config.json", novaConf(new KollaConfig("false")).render());
    files.put(
        configJson("api"), apacheSite(novaConf(new KollaConfig(APACHE)), "nova-api").render());
    files.put(
        configJson("metadata"),
        apacheSite(novaConf(new KollaConfig(APACHE)), "nova-metadata").render());
    for (var process : new String[] {"scheduler", "conductor", "novncproxy"}) {
      files.put(configJson(process), novaConf(new KollaConfig("nova-" + process)).render());
    }
    files.put("nova.conf", conf.render());
    files.put(
        "wsgi-nova-api.conf",
        ApacheWsgi.site(Nova.API_PORT, "nova-api", "nova", WSGI_DIR + "/nova-api-wsgi", 2));
    files.put(
        "wsgi-nova-metadata.conf",
        ApacheWsgi.site(
            Nova.METADATA_PORT, "nova-metadata", "nova", WSGI_DIR + "/nova-metadata-wsgi", 2));
    return files;
  }

  /**
   * What every nova process reads, on the control plane and on the hypervisors, before user
   * overrides.
   */
  static IniFile common(OpenStackCloud cloud, NovaSecrets secrets) {
    // the lock path is in the state directory, which nova-compute keeps on its volume
    var conf = OsloConfig.base(Nova.APP).set("DEFAULT", "state_path", "/var/lib/nova");
    OsloConfig.messaging(conf, secrets.messaging());
    // a rolling upgrade must not send RPCs that older computes cannot read
    conf.set("upgrade_levels", "compute", "auto");
    // nova calls Placement and Neutron as its own service user (admin in project service), so it
    // needs no other service's password
    OsloConfig.serviceUser(conf, "placement", cloud, Nova.APP, secrets.service());
    OsloConfig.serviceUser(conf, "neutron", cloud, Nova.APP, secrets.service());
    // the service token only vouches for user requests; it calls no endpoint of its own
    OsloConfig.passwordAuth(conf, "service_user", cloud, Nova.APP, secrets.service())
        .set("service_user", "send_service_user_token", true);
    // Glance from the catalog (api_servers is deprecated for removal)
    OsloConfig.catalogEndpoint(conf, "glance", cloud);
    return conf.set("vnc", "enabled", true)
        .set(
            "vnc",
            "novncproxy_base_url",
            OsloConfig.url(cloud, Nova.APP + "-novncproxy", Nova.NOVNCPROXY_PORT, "/vnc_lite.html"))
        .set("vnc", "server_listen", "$my_ip")
        .set("vnc", "server_proxyclient_address", "$my_ip");
  }

  static KollaConfig novaConf(KollaConfig json) {
    return json.file("nova.conf", "/etc/nova/nova.conf", "nova", "0600");
  }

  private static KollaConfig apacheSite(KollaConfig json, String name) {
    return json.file(
        "wsgi-" + name + ".conf",
        "/etc/apache2/conf-enabled/wsgi-" + name + ".conf",
        "nova",
        "0600");
  }
}
