package dev.openstackcloud.openstack;

import dev.openstackcloud.credentials.GeneratedSecret;
import dev.openstackcloud.credentials.Passwords;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service's generated passwords, in {@code <app>-credentials}: its database user's and its
 * Keystone service user's, plus any extra keys it needs. Created once, never replaced.
 */
public class ServiceCredentials extends GeneratedSecret {
  public static final String DATABASE = "database-password";
  public static final String SERVICE = "service-password";

  private final List<String> extra;

  public ServiceCredentials(String app, String... extraKeys) {
    super(nameFor(app));
    this.extra = List.of(extraKeys);
  }

  public static String nameFor(String app) {
    return app + "-credentials";
  }

  /** What a service's config needs: its database and service user passwords, and the queue's. */
  public record ConfigPasswords(String database, String service, String messaging) {}

  /**
   * Reads {@code app}'s passwords from the cache; the dependency edges guarantee both Secrets
   * exist.
   */
  public static ConfigPasswords read(
      io.javaoperatorsdk.operator.api.reconciler.Context<
              dev.openstackcloud.api.v1alpha1.OpenStackCloud>
          context,
      String app) {
    var own =
        dev.openstackcloud.kube.Secondaries.require(
            context, io.fabric8.kubernetes.api.model.Secret.class, nameFor(app));
    var cloud =
        dev.openstackcloud.kube.Secondaries.require(
            context,
            io.fabric8.kubernetes.api.model.Secret.class,
            dev.openstackcloud.credentials.CloudCredentials.NAME);
    return new ConfigPasswords(
        value(own, DATABASE),
        value(own, SERVICE),
        value(cloud, dev.openstackcloud.credentials.CloudCredentials.MESSAGING));
  }

  @Override
  protected Map<String, String> generate() {
    var values = new LinkedHashMap<String, String>();
    values.put(DATABASE, Passwords.password());
    values.put(SERVICE, Passwords.password());
    extra.forEach(k -> values.put(k, Passwords.password()));
    return values;
  }
}
