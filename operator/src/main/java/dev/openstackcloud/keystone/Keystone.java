package dev.openstackcloud.keystone;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.database.DatabaseCreateJob;
import dev.openstackcloud.kube.ServiceDependent;

/** Keystone: names, URLs and the objects of the identity component. */
public final class Keystone {
  public static final String APP = "keystone";
  public static final String COMPONENT = "api";
  public static final int PORT = 5000;
  public static final String KEYS_SECRET = "keystone-keys";
  public static final String ADMIN_USER = "admin";
  public static final String ADMIN_PROJECT = "admin";

  private Keystone() {}

  /** The identity endpoint as seen from inside the cluster. */
  public static String internalUrl(OpenStackCloud cloud) {
    return "http://" + APP + "." + cloud.getMetadata().getNamespace() + ".svc:" + PORT + "/v3";
  }

  public static String adminCloudsYamlSecret(OpenStackCloud cloud) {
    return cloud.getMetadata().getName() + "-admin-clouds-yaml";
  }

  public record Dependents(
      KeystoneKeys keys,
      KeystoneConfig config,
      DatabaseCreateJob dbCreate,
      KeystoneDbSyncJob dbSync,
      KeystoneBootstrapJob bootstrap,
      KeystoneDeployment api,
      ServiceDependent service,
      AdminCloudsYaml cloudsYaml) {}

  public static Dependents dependents() {
    return new Dependents(
        new KeystoneKeys(),
        new KeystoneConfig(),
        new DatabaseCreateJob(APP, APP, CloudCredentials.NAME, CloudCredentials.KEYSTONE_DATABASE),
        new KeystoneDbSyncJob(),
        new KeystoneBootstrapJob(),
        new KeystoneDeployment(),
        new ServiceDependent(APP, COMPONENT, PORT, false),
        new AdminCloudsYaml());
  }
}
