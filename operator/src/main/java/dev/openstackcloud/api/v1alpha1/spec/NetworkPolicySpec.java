package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.List;

/** Traffic isolation of the cloud's pods, enforced by the cluster's network plugin. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkPolicySpec {

  @Default("true")
  @JsonPropertyDescription(
      "Create NetworkPolicies so the cloud's pods accept traffic only from their own namespace (and allowedIngress). Host-network agents are outside any NetworkPolicy.")
  private Boolean enabled = true;

  @Size(max = 32)
  @JsonPropertyDescription(
      "Peers (namespaces, pods, CIDRs) that may also reach the cloud's API pods, e.g. an ingress controller's namespace.")
  private List<NetworkPolicyPeer> allowedIngress = new ArrayList<>();

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public List<NetworkPolicyPeer> getAllowedIngress() {
    return allowedIngress;
  }

  public void setAllowedIngress(List<NetworkPolicyPeer> allowedIngress) {
    this.allowedIngress = allowedIngress;
  }
}
