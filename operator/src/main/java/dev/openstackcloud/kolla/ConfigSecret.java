package dev.openstackcloud.kolla;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kube.CloudDependent;
import dev.openstackcloud.kube.Hashes;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rendered config files of one service (config.json and the service's own files), in a Secret
 * because they hold passwords. Workloads hash the same {@link #files} into their pod template.
 */
public abstract class ConfigSecret extends CloudDependent<Secret> {
  private final String app;
  private final String name;

  protected ConfigSecret(String app) {
    this(app, nameFor(app));
  }

  /**
   * Secret {@code name} of service {@code app}, for a service whose pods read different files: one
   * Secret per set of readers, so a change rolls only the pods that read it.
   */
  protected ConfigSecret(String app, String name) {
    super(Secret.class, name);
    this.app = app;
    this.name = name;
  }

  public static String nameFor(String app) {
    return app + "-config";
  }

  public String secretName() {
    return name;
  }

  /** Hash of this service's files for {@code cloud}; what its pod templates carry. */
  public String hash(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return hash(files(cloud, context));
  }

  /** File name to content; pure. */
  public abstract Map<String, String> files(OpenStackCloud cloud, Context<OpenStackCloud> context);

  /** The hash a service's pods carry for these files: it changes exactly when a file does. */
  public static String hash(Map<String, String> files) {
    return Hashes.ofObject(new TreeMap<>(files));
  }

  @Override
  protected String fixedName(OpenStackCloud cloud) {
    return secretName();
  }

  @Override
  protected Secret desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var data = new TreeMap<String, String>();
    files(cloud, context)
        .forEach(
            (k, v) ->
                data.put(
                    k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withMetadata(meta(cloud, name, app, "config"))
        .withType("Opaque")
        .withData(data)
        .build();
  }
}
