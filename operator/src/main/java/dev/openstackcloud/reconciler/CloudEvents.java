package dev.openstackcloud.reconciler;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kube.NamespaceTerminating;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events on a cloud's significant transitions; never on a steady reconcile, never with a secret.
 */
public final class CloudEvents {
  private static final Logger log = LoggerFactory.getLogger(CloudEvents.class);

  public enum Type {
    Normal,
    Warning
  }

  private CloudEvents() {}

  public static void record(
      KubernetesClient client, OpenStackCloud cloud, Type type, String reason, String message) {
    var now = Instant.now().toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                cloud.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(cloud.getMetadata().getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(cloud.getApiVersion())
                    .withKind(cloud.getKind())
                    .withName(cloud.getMetadata().getName())
                    .withNamespace(cloud.getMetadata().getNamespace())
                    .withUid(cloud.getMetadata().getUid())
                    .build())
            .withType(type.name())
            .withReason(reason)
            .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent("openstack-cloud-operator")
            .endSource()
            .withReportingComponent("openstack-cloud-operator")
            .build();
    try {
      client.v1().events().inNamespace(cloud.getMetadata().getNamespace()).resource(event).create();
    } catch (RuntimeException e) {
      // an event is a courtesy; losing one must not fail the reconcile
      if (NamespaceTerminating.refused(e)) {
        log.info(
            "event {} not recorded: namespace {} is being deleted",
            reason,
            cloud.getMetadata().getNamespace());
      } else {
        log.warn("could not record event {}: {}", reason, e.getMessage());
      }
    }
  }
}
