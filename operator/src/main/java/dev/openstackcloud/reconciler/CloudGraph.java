package dev.openstackcloud.reconciler;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kube.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where service packages declare their objects: each belongs to a component (its status condition),
 * is reconciled only while the component is enabled (removed when it is switched off), and waits
 * for the objects it depends on to be ready.
 */
public final class CloudGraph {

  /**
   * One managed object, the component whose status it counts towards, and when it exists at all.
   */
  public record Member(
      String component,
      Predicate<OpenStackCloud> enabled,
      KubernetesDependentResource<? extends HasMetadata, OpenStackCloud> dependent) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Workload<HasMetadata> workload() {
      return (Workload) dependent;
    }
  }

  private final WorkflowBuilder<OpenStackCloud> builder =
      new WorkflowBuilder<OpenStackCloud>().withThrowExceptionFurther(false);
  private final List<Member> members = new ArrayList<>();

  /** A component that always runs. */
  public Component component(String name) {
    return new Component(name, cloud -> true);
  }

  /** A component that runs while {@code enabled} holds. */
  public Component component(String name, Predicate<OpenStackCloud> enabled) {
    return new Component(name, enabled);
  }

  List<Member> members() {
    return members;
  }

  WorkflowBuilder<OpenStackCloud> builder() {
    return builder;
  }

  /** The objects of one component. */
  public final class Component {
    private final String name;
    private final Predicate<OpenStackCloud> enabled;

    private Component(String name, Predicate<OpenStackCloud> enabled) {
      this.name = name;
      this.enabled = enabled;
    }

    /** Adds {@code dependent}, reconciled once every one of {@code dependsOn} is ready. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <D extends KubernetesDependentResource<? extends HasMetadata, OpenStackCloud>> D add(
        D dependent, DependentResource... dependsOn) {
      // the workflow keys nodes by name: a duplicate would silently replace an earlier object
      if (members.stream().anyMatch(m -> m.dependent().name().equals(dependent.name()))) {
        throw new IllegalArgumentException("two dependents are named " + dependent.name());
      }
      var member = new Member(name, enabled, dependent);
      members.add(member);
      Condition ready =
          (dr, primary, context) -> {
            Optional<HasMetadata> actual =
                ((KubernetesDependentResource) dr)
                    .getSecondaryResource((OpenStackCloud) primary, context);
            return actual.map(a -> member.workload().health(a).isReady()).orElse(false);
          };
      var node =
          builder
              .addDependentResourceAndConfigure(dependent)
              .dependsOn(dependsOn)
              .withReadyPostcondition(ready);
      Predicate<OpenStackCloud> on = enabled;
      node.withReconcilePrecondition((dr, primary, context) -> on.test((OpenStackCloud) primary));
      return dependent;
    }
  }
}
