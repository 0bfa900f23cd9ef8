package dev.openstackcloud.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/**
 * Only the API server's refusal to create in a terminating namespace counts; every other failure
 * stays an error.
 */
class NamespaceTerminatingTest {

  @Test
  void theRefusalToCreateInATerminatingNamespace() {
    var refusal =
        failure(
            403,
            NamespaceTerminating.CAUSE,
            "secrets \"keystone-keys\" is forbidden: unable to create new content in namespace demo because it is being terminated");
    assertThat(NamespaceTerminating.refused(refusal)).isTrue();
    // fabric8 rethrows on the calling thread with the original as cause (copyAsCause)
    assertThat(
            NamespaceTerminating.refused(
                new KubernetesClientException("Failure executing: POST", refusal)))
        .isTrue();
    assertThat(
            NamespaceTerminating.refused(
                new IllegalStateException("reconcile of keystone-keys", refusal)))
        .isTrue();
  }

  @Test
  void notAnyOtherForbiddenOrFailure() {
    assertThat(
            NamespaceTerminating.refused(
                failure(
                    403,
                    null,
                    "secrets is forbidden: User \"system:serviceaccount:x:y\" cannot create resource \"secrets\"")))
        .as("RBAC")
        .isFalse();
    assertThat(
            NamespaceTerminating.refused(
                failure(422, "FieldValueTypeInvalid", "status.components: Invalid value")))
        .as("invalid")
        .isFalse();
    assertThat(NamespaceTerminating.refused(failure(409, NamespaceTerminating.CAUSE, "conflict")))
        .as("not a 403")
        .isFalse();
    assertThat(NamespaceTerminating.refused(new KubernetesClientException("connection refused")))
        .isFalse();
    assertThat(NamespaceTerminating.refused(new IllegalStateException("anything"))).isFalse();
    assertThat(NamespaceTerminating.refused(null)).isFalse();
  }

  private static KubernetesClientException failure(int code, String causeReason, String message) {
    var builder =
        new StatusBuilder()
            .withCode(code)
            .withMessage(message)
            .withStatus("Failure")
            .withNewDetails()
            .withKind("secrets");
    if (causeReason != null) {
      builder =
          builder
              .addNewCause()
              .withField("metadata.namespace")
              .withReason(causeReason)
              .withMessage(message)
              .endCause();
    }
    Status status = builder.endDetails().build();
    return new KubernetesClientException(status);
  }
}
