package dev.openstackcloud.placement;

import dev.openstackcloud.api.v1alpha1.spec.NodePlacement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.Map;

/**
 * Whether a node satisfies a placement's nodeSelector and required node affinity, as the scheduler
 * decides.
 */
public final class NodeMatcher {
  private NodeMatcher() {}

  /** True when {@code placement} names nodes at all: an empty placement claims none. */
  public static boolean selectsSpecificNodes(NodePlacement placement) {
    return placement != null
        && ((placement.getNodeSelector() != null && !placement.getNodeSelector().isEmpty())
            || (placement.getNodeAffinity() != null
                && placement.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                    != null));
  }

  public static boolean matches(NodePlacement placement, Node node) {
    var labels =
        node.getMetadata().getLabels() == null
            ? Map.<String, String>of()
            : node.getMetadata().getLabels();
    if (placement.getNodeSelector() != null
        && !placement.getNodeSelector().entrySet().stream()
            .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
      return false;
    }
    var affinity = placement.getNodeAffinity();
    if (affinity == null || affinity.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return true;
    }
    var terms = affinity.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    // terms are ORed; expressions within a term are ANDed
    return terms == null
        || terms.isEmpty()
        || terms.stream().anyMatch(t -> matches(t, labels, node.getMetadata().getName()));
  }

  private static boolean matches(
      NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
    // matchFields supports only metadata.name, as in the scheduler
    return (term.getMatchExpressions() == null
            || term.getMatchExpressions().stream().allMatch(r -> matches(r, labels)))
        && (term.getMatchFields() == null
            || term.getMatchFields().stream()
                .allMatch(
                    r ->
                        "metadata.name".equals(r.getKey())
                            && matches(r, Map.of("metadata.name", nodeName))));
  }

  static boolean matches(NodeSelectorRequirement r, Map<String, String> labels) {
    var value = labels.get(r.getKey());
    var values = r.getValues() == null ? java.util.List.<String>of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      case "Gt" -> value != null && !values.isEmpty() && number(value) > number(values.get(0));
      case "Lt" -> value != null && !values.isEmpty() && number(value) < number(values.get(0));
      default -> false;
    };
  }

  private static long number(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }
}
