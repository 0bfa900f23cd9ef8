package dev.openstackcloud.credentials;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.status.ComponentStatus;
import dev.openstackcloud.kube.Health;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.kube.Retention;
import dev.openstackcloud.kube.Secondaries;
import dev.openstackcloud.kube.Workload;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Secret of generated values (passwords, keys) that is created once and never updated: a password
 * that changes loses the database it unlocks. It is kept when the cloud is deleted unless {@code
 * spec.deletionPolicy} is Delete, so a cloud recreated over retained volumes can read them.
 */
public abstract class GeneratedSecret extends KubernetesDependentResource<Secret, OpenStackCloud>
    implements Creator<Secret, OpenStackCloud>, Workload<Secret> {

  private final String name;

  protected GeneratedSecret(String name) {
    super(Secret.class, name + "-secret");
    this.name = name;
  }

  public String secretName() {
    return name;
  }

  /** Fresh values; called only when the Secret does not exist yet. */
  protected abstract Map<String, String> generate();

  @Override
  protected Secret desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var data = new LinkedHashMap<String, String>();
    generate()
        .forEach(
            (k, v) ->
                data.put(
                    k,
                    Base64.getEncoder()
                        .encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    var builder =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(cloud.getMetadata().getNamespace())
            .withLabels(Labels.of(cloud, "credentials", name))
            .endMetadata()
            .withType("Opaque")
            .withImmutable(true)
            .withData(data);
    builder.editMetadata().withOwnerReferences(Retention.dataOwners(cloud)).endMetadata();
    return builder.build();
  }

  /** The name is fixed, so finding the Secret never generates values. */
  @Override
  protected ResourceID targetSecondaryResourceID(
      OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return new ResourceID(name, cloud.getMetadata().getNamespace());
  }

  /** By key from the informer cache; see {@link Secondaries} for why not JOSDK's default. */
  @Override
  public Optional<Secret> getSecondaryResource(
      OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var id = targetSecondaryResourceID(cloud, context);
    return eventSource()
        .map(source -> Secondaries.ofCloud(source.get(id), cloud))
        .orElseGet(() -> super.getSecondaryResource(cloud, context));
  }

  @Override
  public Health health(Secret actual) {
    return Health.READY;
  }

  @Override
  public Optional<ComponentStatus> pods(Secret actual) {
    return Optional.empty();
  }

  /** A value of an existing Secret, decoded. */
  public static String value(Secret secret, String key) {
    var encoded = secret.getData() == null ? null : secret.getData().get(key);
    if (encoded == null) {
      throw new IllegalStateException(
          "Secret " + secret.getMetadata().getName() + " has no key " + key);
    }
    return new String(Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8);
  }
}
