package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Node selection for one role; both nodeSelector and nodeAffinity must match when both are set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodePlacement {

  @Size(max = 32)
  @JsonPropertyDescription("Labels a node must carry to run this role's pods.")
  private Map<String, String> nodeSelector = new LinkedHashMap<>();

  @JsonPropertyDescription("Node affinity for this role's pods, as in a pod spec.")
  private NodeAffinity nodeAffinity;

  @Size(max = 32)
  @JsonPropertyDescription("Tolerations added to this role's pods, for tainted dedicated nodes.")
  private List<Toleration> tolerations = new ArrayList<>();

  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public NodeAffinity getNodeAffinity() {
    return nodeAffinity;
  }

  public void setNodeAffinity(NodeAffinity nodeAffinity) {
    this.nodeAffinity = nodeAffinity;
  }

  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }
}
