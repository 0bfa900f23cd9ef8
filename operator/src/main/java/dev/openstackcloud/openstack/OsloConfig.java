package dev.openstackcloud.openstack;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.cache.Cache;
import dev.openstackcloud.config.IniFile;
import dev.openstackcloud.keystone.Keystone;
import dev.openstackcloud.messaging.Messaging;

/** The settings every oslo-based service shares: logging, messaging, database, Keystone auth. */
public final class OsloConfig {
  private OsloConfig() {}

  /** A new file with logging to stderr and the lock path every service wants. */
  public static IniFile base() {
    return new IniFile()
        .set("DEFAULT", "debug", false)
        .set("DEFAULT", "use_stderr", true)
        .set("oslo_concurrency", "lock_path", "/var/lib/kolla/tmp");
  }

  public static IniFile messaging(IniFile ini, String messagingPassword) {
    return ini.set("DEFAULT", "transport_url", Messaging.transportUrl(messagingPassword))
        .set("oslo_messaging_notifications", "driver", "noop");
  }

  public static IniFile database(IniFile ini, String section, String url) {
    return ini.set(section, "connection", url)
        .set(section, "connection_recycle_time", 10)
        .set(section, "max_retries", -1);
  }

  /** The service user's credentials for validating tokens, as keystonemiddleware reads them. */
  public static IniFile keystoneAuthtoken(IniFile ini, OpenStackCloud cloud, String user, String password) {
    return serviceUser(ini, "keystone_authtoken", cloud, user, password)
        .set("keystone_authtoken", "www_authenticate_uri", Keystone.internalUrl(cloud))
        .set("keystone_authtoken", "memcached_servers", Cache.servers(cloud))
        .set("keystone_authtoken", "service_token_roles_required", true);
  }

  /** A keystoneauth password section ({@code [placement]}, {@code [neutron]}...) for calling another service. */
  public static IniFile serviceUser(IniFile ini, String section, OpenStackCloud cloud, String user, String password) {
    return ini.set(section, "auth_url", Keystone.internalUrl(cloud))
        .set(section, "auth_type", "password")
        .set(section, "project_domain_name", "Default")
        .set(section, "user_domain_name", "Default")
        .set(section, "project_name", "service")
        .set(section, "username", user)
        .set(section, "password", password)
        .set(section, "region_name", cloud.getSpec().getServices().getKeystone().getRegion())
        .set(section, "valid_interfaces", "internal");
  }

  /** URL of a service inside the cloud's namespace. */
  public static String url(OpenStackCloud cloud, String serviceName, int port, String path) {
    return "http://" + serviceName + "." + cloud.getMetadata().getNamespace() + ".svc:" + port + path;
  }
}
