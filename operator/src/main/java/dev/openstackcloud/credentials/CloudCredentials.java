package dev.openstackcloud.credentials;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every generated password of the cloud, in one Secret. */
public class CloudCredentials extends GeneratedSecret {
  public static final String NAME = "openstack-credentials";
  public static final String DATABASE_ROOT = "database-root-password";
  public static final String MESSAGING = "messaging-password";
  public static final String ADMIN = "admin-password";
  public static final String KEYSTONE_DATABASE = "keystone-database-password";

  public CloudCredentials() {
    super(NAME);
  }

  @Override
  protected Map<String, String> generate() {
    var values = new LinkedHashMap<String, String>();
    for (var key : new String[] {DATABASE_ROOT, MESSAGING, ADMIN, KEYSTONE_DATABASE}) {
      values.put(key, Passwords.password());
    }
    return values;
  }
}
