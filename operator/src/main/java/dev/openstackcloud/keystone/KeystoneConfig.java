package dev.openstackcloud.keystone;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.cache.Cache;
import dev.openstackcloud.config.IniFile;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.credentials.GeneratedSecret;
import dev.openstackcloud.database.Database;
import dev.openstackcloud.kolla.ApacheWsgi;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.kube.Secondaries;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** keystone.conf, the Apache WSGI site and config.json, with the user's overrides merged last. */
public class KeystoneConfig extends ConfigSecret {
  /** Where the keys Secret is mounted; config.json copies the key repositories from here. */
  static final String KEYS_DIR = "/var/lib/kolla/keystone-keys";

  /**
   * The config.json of each kind of keystone pod (see {@link dev.openstackcloud.kolla.ConfigJson}).
   */
  static final String API_JSON = "config.json";

  static final String DB_SYNC_JSON = "db-sync.json";
  static final String BOOTSTRAP_JSON = "bootstrap.json";

  public KeystoneConfig() {
    super(Keystone.APP);
  }

  @Override
  public Map<String, String> files(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var credentials = Secondaries.require(context, Secret.class, CloudCredentials.NAME);
    return render(cloud, GeneratedSecret.value(credentials, CloudCredentials.KEYSTONE_DATABASE));
  }

  public static Map<String, String> render(OpenStackCloud cloud, String databasePassword) {
    var conf =
        new IniFile()
            .set("DEFAULT", "debug", false)
            .set("DEFAULT", "use_stderr", true)
            .set(
                "database",
                "connection",
                Database.url(Keystone.APP, databasePassword, Keystone.APP))
            .set("database", "connection_recycle_time", 10)
            .set("database", "max_retries", -1)
            .set("token", "provider", "fernet")
            .set("token", "expiration", 86400)
            .set("fernet_tokens", "key_repository", "/etc/keystone/fernet-keys/")
            .set("fernet_tokens", "max_active_keys", 3)
            .set("credential", "key_repository", "/etc/keystone/credential-keys/")
            .set("cache", "enabled", true)
            .set("cache", "backend", "oslo_cache.memcache_pool")
            .set("cache", "memcache_servers", Cache.servers(cloud))
            .set("oslo_middleware", "enable_proxy_headers_parsing", true)
            .merge(cloud.getSpec().getServices().getKeystone().getConfig());
    var files = new LinkedHashMap<String, String>();
    files.put(
        API_JSON,
        new KollaConfig("/usr/sbin/apache2 -DFOREGROUND")
            .file("keystone.conf", "/etc/keystone/keystone.conf", "keystone", "0600")
            .file(
                "wsgi-keystone.conf",
                "/etc/apache2/conf-enabled/wsgi-keystone.conf",
                "keystone",
                "0600")
            .directory(KEYS_DIR + "/fernet-keys", "/etc/keystone/fernet-keys", "keystone", "0600")
            .directory(
                KEYS_DIR + "/credential-keys", "/etc/keystone/credential-keys", "keystone", "0600")
            .permission("/var/log/kolla/keystone", "keystone:keystone", true)
            .render());
    // the Jobs: keystone-manage reads keystone.conf; bootstrap also the token keys (see
    // KeystonePod)
    files.put(DB_SYNC_JSON, keystoneManage("keystone-manage db_sync").render());
    files.put(
        BOOTSTRAP_JSON,
        keystoneManage("keystone-manage bootstrap")
            .directory(KEYS_DIR + "/fernet-keys", "/etc/keystone/fernet-keys", "keystone", "0600")
            .render());
    files.put("keystone.conf", conf.render());
    files.put(
        "wsgi-keystone.conf",
        ApacheWsgi.site(
            Keystone.PORT,
            "keystone-public",
            "keystone",
            "/var/lib/kolla/venv/bin/keystone-wsgi-public",
            2));
    return files;
  }

  private static KollaConfig keystoneManage(String command) {
    return new KollaConfig(command)
        .file("keystone.conf", "/etc/keystone/keystone.conf", "keystone", "0600")
        .permission("/var/log/kolla/keystone", "keystone:keystone", true);
  }
}
