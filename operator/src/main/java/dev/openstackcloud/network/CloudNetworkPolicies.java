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
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;

/**
 * Two NetworkPolicies per cloud: every pod of the cloud accepts ingress only from pods of its own
 * namespace and from the addresses of the nodes its host-network agents run on (libvirt
 * nova-compute, Neutron's agents reach RabbitMQ and the APIs from the node's address, which no
 * pod selector matches); API pods (component "api") also from spec.networkPolicy.allowedIngress.
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
    graph.component("NetworkPolicy", CloudNetworkPolicies::enabled).add(new Isolation());
    graph.component("NetworkPolicy", c -> enabled(c) && !c.getSpec().getNetworkPolicy().getAllowedIngress().isEmpty()).add(new ApiIngress());
  }

  static final class Isolation extends CloudDependent<NetworkPolicy> {
    Isolation() {
      super(NetworkPolicy.class, ISOLATION + "-policy");
    }

    @Override
    protected String fixedName(OpenStackCloud cloud) {
      return ISOLATION;
    }

    @Override
    protected NetworkPolicy desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
      return new NetworkPolicyBuilder()
          .withMetadata(meta(cloud, ISOLATION, "network-policy", "isolation"))
          .withNewSpec()
          .withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(Labels.INSTANCE, cloud.getMetadata().getName())).build())
          .withPolicyTypes("Ingress")
          .addNewIngress().withFrom(peers(cloud, context)).endIngress()
          .endSpec()
          .build();
    }
  }

  static java.util.List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer> peers(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var peers = new java.util.ArrayList<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer>();
    peers.add(new NetworkPolicyPeerBuilder().withNewPodSelector().endPodSelector().build());
    for (var address : ClusterNodes.agentAddresses(cloud, ClusterNodes.all(context))) {
      peers.add(new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(address + (address.contains(":") ? "/128" : "/32")).endIpBlock().build());
    }
    return peers;
  }

  static final class ApiIngress extends CloudDependent<NetworkPolicy> {
    ApiIngress() {
      super(NetworkPolicy.class, API_INGRESS + "-policy");
    }

    @Override
    protected String fixedName(OpenStackCloud cloud) {
      return API_INGRESS;
    }

    @Override
    protected NetworkPolicy desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
      return new NetworkPolicyBuilder()
          .withMetadata(meta(cloud, API_INGRESS, "network-policy", "api-ingress"))
          .withNewSpec()
          .withPodSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(Labels.INSTANCE, cloud.getMetadata().getName(), Labels.COMPONENT, "api")).build())
          .withPolicyTypes("Ingress")
          .addNewIngress().withFrom(cloud.getSpec().getNetworkPolicy().getAllowedIngress()).endIngress()
          .endSpec()
          .build();
    }
  }
}
