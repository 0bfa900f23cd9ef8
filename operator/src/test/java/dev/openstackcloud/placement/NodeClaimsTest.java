package dev.openstackcloud.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.testing.TestClouds;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeClaimsTest {
  private static final List<Node> NODES =
      List.of(
          node("compute-1", "compute"), node("compute-2", "compute"), node("network-1", "network"));

  @Test
  void theYoungerCloudIsToldWhichNodesAndByWhom() {
    var older = cloud("a", "2026-01-01T00:00:00Z", Map.of("openstackcloud.dev/compute", "true"));
    var younger = cloud("b", "2026-01-02T00:00:00Z", Map.of("openstackcloud.dev/compute", "true"));
    var verdict = NodeClaims.verdict(younger, List.of(older, younger), NODES);
    assertThat(verdict.nodes()).containsExactly("compute-1", "compute-2");
    assertThat(verdict.message()).contains("nodes compute-1, compute-2 belong to cloud a/dev");
    assertThat(NodeClaims.verdict(older, List.of(older, younger), NODES).conflict()).isFalse();
  }

  @Test
  void nodesPinnedByNameClaimOnlyThoseNodes() {
    var a = cloud("a", "2026-01-01T00:00:00Z", Map.of());
    a.getSpec()
        .getPlacement()
        .getCompute()
        .setNodeAffinity(
            new NodeAffinityBuilder()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm()
                .withMatchFields(
                    new NodeSelectorRequirement("metadata.name", "In", List.of("compute-1")))
                .endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .build());
    assertThat(NodeClaims.claimed(a, NODES)).containsExactly("compute-1");
  }

  @Test
  void anEmptyPlacementClaimsNothing() {
    var a = cloud("a", "2026-01-01T00:00:00Z", Map.of());
    var b = cloud("b", "2026-01-02T00:00:00Z", Map.of());
    assertThat(NodeClaims.verdict(b, List.of(a, b), NODES).conflict()).isFalse();
  }

  private static OpenStackCloud cloud(
      String ns, String created, Map<String, String> computeSelector) {
    var c = TestClouds.dev();
    c.getMetadata().setNamespace(ns);
    c.getMetadata().setCreationTimestamp(created);
    c.getSpec().getPlacement().getCompute().setNodeSelector(computeSelector);
    return c;
  }

  private static Node node(String name, String role) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("openstackcloud.dev/" + role, "true"))
        .endMetadata()
        .build();
  }
}
