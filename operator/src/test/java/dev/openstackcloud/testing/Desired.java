package dev.openstackcloud.testing;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.AbstractDependentResource;
import java.lang.reflect.Method;

/**
 * What the workflow would apply for a dependent: desired() is protected, and pure, so calling it is
 * safe.
 */
public final class Desired {
  private static final Method DESIRED;

  static {
    try {
      DESIRED =
          AbstractDependentResource.class.getDeclaredMethod(
              "desired", HasMetadata.class, Context.class);
      DESIRED.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Desired() {}

  public static HasMetadata of(
      Object dependent, OpenStackCloud cloud, Context<OpenStackCloud> context) {
    try {
      return (HasMetadata) DESIRED.invoke(dependent, cloud, context);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("desired() of " + dependent, e);
    }
  }
}
