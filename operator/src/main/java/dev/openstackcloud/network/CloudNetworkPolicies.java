package dev.openstackcloud.network;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kube.CloudDependent;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.openstack.Shared;
import dev.openstackcloud.placement.ClusterNodes;
import dev.openstackcloud.reconciler.CloudGraph;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Two NetworkPolicies per cloud: every pod of the cloud accepts ingress only from pods of its own
 * namespace and from the addresses of the nodes its host-network agents run on (libvirt
 * nova-compute, Neutron's agents reach RabbitMQ and the APIs from the node's address, which no pod
 * selector matches); API pods (component "api") also from spec.networkPolicy.allowedIngress.
 * Policies are additive, so the second widens the first for API pods only.
 */
public final class CloudNetworkPolicies {
  public static final String ISOLATION = "openstack-cloud-isolation";
  public static final String API_INGRESS = "openstack-cloud-api-ingress";

  private CloudNetworkPolicies() {}

  static boolean enabled(OpenStackCloud cloud) {
    return !Boolean.FALSE.equals(cloud.getSpec().getNetworkPolicy().getEnabled());
  }

  public static void register(CloudGraph graph, Shared shared) {
    graph
        .component("NetworkPolicy", CloudNetworkPolicies::enabled)
        .add(
            new IngressPolicy(
                ISOLATION, "isolation", null, CloudNetworkPolicies::ownNamespaceAndAgentNodes));
    graph
        .component(
            "NetworkPolicy",
            c -> enabled(c) && !c.getSpec().getNetworkPolicy().getAllowedIngress().isEmpty())
        .add(
            new IngressPolicy(
                API_INGRESS,
                "api-ingress",
                "api",
                (cloud, context) -> cloud.getSpec().getNetworkPolicy().getAllowedIngress()));
  }

  static List<NetworkPolicyPeer> ownNamespaceAndAgentNodes(
      OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var peers = new ArrayList<NetworkPolicyPeer>();
    peers.add(new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build());
    for (var address : ClusterNodes.agentAddresses(cloud, ClusterNodes.all(context))) {
      peers.add(
          new NetworkPolicyPeerBuilder()
              .withNewIpBlock()
              .withCidr(address + (address.contains(":") ? "/128" : "/32"))
              .endIpBlock()
              .build());
    }
    return peers;
  }

  /**
   * An ingress policy for the cloud's pods (of one component, when given) admitting {@code from}.
   */
  static final class IngressPolicy extends CloudDependent<NetworkPolicy> {
    private final String name;
    private final String role;
    private final String component;
    private final BiFunction<OpenStackCloud, Context<OpenStackCloud>, List<NetworkPolicyPeer>> from;

    IngressPolicy(
        String name,
        String role,
        String component,
        BiFunction<OpenStackCloud, Context<OpenStackCloud>, List<NetworkPolicyPeer>> from) {
      super(NetworkPolicy.class, name + "-policy");
      this.name = name;
      this.role = role;
      this.component = component;
      this.from = from;
    }

    @Override
    protected String fixedName(OpenStackCloud cloud) {
      return name;
    }

    @Override
    protected NetworkPolicy desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
      var selector =
          new LinkedHashMap<String, String>(Map.of(Labels.INSTANCE, cloud.getMetadata().getName()));
      if (component != null) {
        selector.put(Labels.COMPONENT, component);
      }
      return new NetworkPolicyBuilder()
          .withMetadata(meta(cloud, name, "network-policy", role))
          .withNewSpec()
          .withPodSelector(new LabelSelectorBuilder().withMatchLabels(selector).build())
          .withPolicyTypes("Ingress")
          .addNewIngress()
          .withFrom(from.apply(cloud, context))
          .endIngress()
          .endSpec()
          .build();
    }
  }
}
