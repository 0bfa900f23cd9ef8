package dev.openstackcloud.database;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.config.IniFile;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.kolla.ConfigSecret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** my.cnf and config.json for the Kolla mariadb-server container. Holds no password. */
public class DatabaseConfig extends ConfigSecret {
  public DatabaseConfig() {
    super(Database.APP);
  }

  @Override
  public Map<String, String> files(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return render();
  }

  public static Map<String, String> render() {
    var myCnf =
        new IniFile()
            .set("client", "default-character-set", "utf8mb4")
            .set("mysqld", "bind-address", "0.0.0.0")
            .set("mysqld", "port", Database.PORT)
            .set("mysqld", "datadir", "/var/lib/mysql/")
            .set("mysqld", "character-set-server", "utf8mb4")
            .set("mysqld", "collation-server", "utf8mb4_general_ci")
            .set("mysqld", "max_connections", 4096)
            .set("mysqld", "skip-name-resolve", 1)
            .set("mysqld", "innodb_buffer_pool_size", "256M");
    var files = new LinkedHashMap<String, String>();
    // mariadbd itself, not mysqld_safe: without log_error it logs to stderr, where kubectl logs
    // finds it (mysqld_safe sends it to <datadir>/<host>.err, and names any other log_error
    // without an extension <name>.err); SIGTERM reaches the server, which shuts InnoDB down
    // cleanly; and the kubelet, not mysqld_safe, restarts it when it dies.
    files.put(
        "config.json",
        new KollaConfig("/usr/sbin/mariadbd")
            .file("my.cnf", "/etc/mysql/my.cnf", "mysql", "0600")
            .permission("/var/lib/mysql", "mysql:mysql", true)
            .render());
    files.put("my.cnf", myCnf.render());
    return files;
  }
}
