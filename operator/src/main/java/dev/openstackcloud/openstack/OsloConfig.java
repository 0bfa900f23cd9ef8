package dev.openstackcloud.openstack;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.cache.Cache;
import dev.openstackcloud.config.IniFile;
import dev.openstackcloud.keystone.Keystone;
import dev.openstackcloud.messaging.Messaging;

/** The settings every oslo-based service shares: logging, messaging, database, Keystone auth. */
public final class OsloConfig {
  private OsloConfig() {}

  /**
   * A new file for {@code service} with logging to stderr and its lock path (see {@link LockPath}).
   */
  public static IniFile base(String service) {
    return new IniFile()
        .set("DEFAULT", "debug", false)
        .set("DEFAULT", "use_stderr", true)
        .set("oslo_concurrency", "lock_path", LockPath.of(service));
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

  /**
   * The service user's credentials for validating tokens, as keystonemiddleware reads them. It
   * finds Keystone by auth_url and knows no valid_interfaces (its own option is interface).
   */
  public static IniFile keystoneAuthtoken(
      IniFile ini, OpenStackCloud cloud, String user, String password) {
    return passwordAuth(ini, "keystone_authtoken", cloud, user, password)
        .set("keystone_authtoken", "region_name", region(cloud))
        .set("keystone_authtoken", "www_authenticate_uri", Keystone.internalUrl(cloud))
        .set("keystone_authtoken", "memcached_servers", Cache.servers(cloud))
        .set("keystone_authtoken", "service_token_roles_required", true);
  }

  /**
   * A keystoneauth section ({@code [placement]}, {@code [neutron]}...) for calling another service
   * as {@code user}.
   */
  public static IniFile serviceUser(
      IniFile ini, String section, OpenStackCloud cloud, String user, String password) {
    return catalogEndpoint(passwordAuth(ini, section, cloud, user, password), section, cloud);
  }

  /**
   * Only the password plugin's options: for sections that authenticate but look up no endpoint
   * themselves.
   */
  public static IniFile passwordAuth(
      IniFile ini, String section, OpenStackCloud cloud, String user, String password) {
    return ini.set(section, "auth_url", Keystone.internalUrl(cloud))
        .set(section, "auth_type", "password")
        .set(section, "project_domain_name", "Default")
        .set(section, "user_domain_name", "Default")
        .set(section, "project_name", "service")
        .set(section, "username", user)
        .set(section, "password", password);
  }

  /**
   * Which endpoint of the catalog a keystoneauth adapter section calls: the cloud's region,
   * internal URL.
   */
  public static IniFile catalogEndpoint(IniFile ini, String section, OpenStackCloud cloud) {
    return ini.set(section, "region_name", region(cloud))
        .set(section, "valid_interfaces", "internal");
  }

  private static String region(OpenStackCloud cloud) {
    return cloud.getSpec().getServices().getKeystone().getRegion();
  }

  /** URL of a service inside the cloud's namespace. */
  public static String url(OpenStackCloud cloud, String serviceName, int port, String path) {
    return "http://"
        + serviceName
        + "."
        + cloud.getMetadata().getNamespace()
        + ".svc:"
        + port
        + path;
  }
}
