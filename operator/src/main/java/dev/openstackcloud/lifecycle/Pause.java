package dev.openstackcloud.lifecycle;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;

/** A paused cloud's objects are left exactly as they are; only its status is kept current. */
public final class Pause {
  /** The annotation form, for a quick `kubectl annotate` without editing a GitOps-managed spec. */
  public static final String ANNOTATION = "openstackcloud.dev/paused";

  private Pause() {}

  public static boolean isPaused(OpenStackCloud cloud) {
    var annotations = cloud.getMetadata().getAnnotations();
    return Boolean.TRUE.equals(cloud.getSpec().getPaused())
        || (annotations != null && "true".equals(annotations.get(ANNOTATION)));
  }

  /** Why it is paused, for the Paused condition. */
  public static String reason(OpenStackCloud cloud) {
    return Boolean.TRUE.equals(cloud.getSpec().getPaused()) ? "PausedBySpec" : "PausedByAnnotation";
  }
}
