package dev.openstackcloud.placement;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import io.fabric8.kubernetes.api.model.Node;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compute and network nodes belong to one cloud. A cloud claims the nodes its compute and network
 * placements select (an empty placement claims none); when two claims overlap, the older cloud
 * keeps the nodes and the younger one is told which nodes, and by whom, and stays off them.
 */
public final class NodeClaims {
  private NodeClaims() {}

  /** The verdict for one cloud: contested node name to the cloud (namespace/name) that holds it. */
  public record Verdict(Map<String, String> contested) {
    public Set<String> nodes() {
      return new TreeSet<>(contested.keySet());
    }

    public boolean conflict() {
      return !contested.isEmpty();
    }

    public String message() {
      var holders =
          contested.entrySet().stream()
              .collect(
                  Collectors.groupingBy(
                      Map.Entry::getValue,
                      TreeMap::new,
                      Collectors.mapping(
                          Map.Entry::getKey, Collectors.toCollection(TreeSet::new))));
      return holders.entrySet().stream()
              .map(
                  e ->
                      "nodes " + String.join(", ", e.getValue()) + " belong to cloud " + e.getKey())
              .collect(Collectors.joining("; "))
          + "; this cloud schedules no compute or network pods there";
    }
  }

  public static Set<String> claimed(OpenStackCloud cloud, List<Node> nodes) {
    var result = new TreeSet<String>();
    for (var role : List.of(PodPlacement.COMPUTE, PodPlacement.NETWORK)) {
      var placement = role.of(cloud);
      if (NodeMatcher.selectsSpecificNodes(placement)) {
        nodes.stream()
            .filter(n -> NodeMatcher.matches(placement, n))
            .forEach(n -> result.add(n.getMetadata().getName()));
      }
    }
    return result;
  }

  /** {@code cloud}'s contested nodes among {@code all} clouds (it included) on {@code nodes}. */
  public static Verdict verdict(OpenStackCloud cloud, List<OpenStackCloud> all, List<Node> nodes) {
    var mine = claimed(cloud, nodes);
    var contested = new TreeMap<String, String>();
    if (mine.isEmpty()) {
      return new Verdict(contested);
    }
    // only my nodes can be contested: match the older clouds against those, not every node
    var myNodes = nodes.stream().filter(n -> mine.contains(n.getMetadata().getName())).toList();
    all.stream()
        .filter(other -> other.getMetadata().getDeletionTimestamp() == null)
        .filter(other -> AGE.compare(other, cloud) < 0)
        .sorted(AGE)
        .forEach(
            older ->
                claimed(older, myNodes).stream()
                    .forEach(
                        n ->
                            contested.putIfAbsent(
                                n,
                                older.getMetadata().getNamespace()
                                    + "/"
                                    + older.getMetadata().getName())));
    return new Verdict(contested);
  }

  /** Older first; ties broken by namespace and name, so every reconcile agrees on who was first. */
  static final Comparator<OpenStackCloud> AGE =
      Comparator.comparing(
              (OpenStackCloud c) ->
                  c.getMetadata().getCreationTimestamp() == null
                      ? "9999"
                      : c.getMetadata().getCreationTimestamp())
          .thenComparing(c -> c.getMetadata().getNamespace())
          .thenComparing(c -> c.getMetadata().getName());
}
