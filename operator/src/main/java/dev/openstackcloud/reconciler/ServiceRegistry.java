package dev.openstackcloud.reconciler;

import dev.openstackcloud.glance.Glance;
import dev.openstackcloud.horizon.Horizon;
import dev.openstackcloud.network.CloudNetworkPolicies;
import dev.openstackcloud.neutron.Neutron;
import dev.openstackcloud.nova.Nova;
import dev.openstackcloud.openstack.Shared;
import dev.openstackcloud.placementapi.PlacementApi;

/** The optional OpenStack services, each adding its objects to the graph after the shared ones. */
final class ServiceRegistry {
  private ServiceRegistry() {}

  static void registerAll(CloudGraph graph, Shared shared) {
    CloudNetworkPolicies.register(graph, shared);
    var glance = Glance.register(graph, shared);
    var placement = PlacementApi.register(graph, shared);
    var neutron = Neutron.register(graph, shared);
    Nova.register(graph, shared, placement, glance, neutron);
    Horizon.register(graph, shared);
  }
}
