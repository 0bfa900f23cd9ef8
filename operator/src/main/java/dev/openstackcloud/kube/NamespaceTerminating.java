package dev.openstackcloud.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The API server's refusal to create anything in a namespace that is being deleted (403 with cause
 * NamespaceTerminating). Expected while a cloud's namespace goes away: worth an INFO line, not a
 * warning with a stack trace. Any other 403 (RBAC) is a real error and is not this.
 */
public final class NamespaceTerminating {
  /** The cause type the API server gives (k8s.io/api/core/v1 NamespaceTerminatingCause). */
  static final String CAUSE = "NamespaceTerminating";

  private NamespaceTerminating() {}

  /** True when {@code e}, or an exception it wraps, is that refusal. */
  public static boolean refused(Throwable e) {
    for (var t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException k
          && k.getCode() == 403
          && k.getStatus() != null
          && k.getStatus().getDetails() != null
          && k.getStatus().getDetails().getCauses() != null
          && k.getStatus().getDetails().getCauses().stream()
              .anyMatch(c -> CAUSE.equals(c.getReason()))) {
        return true;
      }
    }
    return false;
  }
}
