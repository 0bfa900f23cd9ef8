package dev.openstackcloud.openstack;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.WorkloadSpec;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.placement.PodPlacement;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * One long-running process of an OpenStack service (nova-api, nova-scheduler, glance-api...): what
 * it is called, which Kolla image runs it, where it is placed, and which config it reads.
 *
 * @param app app.kubernetes.io/name (nova)
 * @param component app.kubernetes.io/component (api, scheduler); the object is named app-component,
 *     or app alone when component is "api"
 * @param kollaImage Kolla image name without registry and tag (nova-api)
 * @param port port served, or null for processes that serve none
 * @param probePath HTTP path for readiness, or null for a TCP probe (or none without a port)
 * @param spec the spec section with this process's image override and resources
 * @param replicas desired pods
 * @param role whose placement it follows
 * @param config the Secret of rendered files it reads (its hash rolls the pods)
 */
public record OpenStackProcess(
    String app,
    String component,
    String kollaImage,
    Integer port,
    String probePath,
    Function<OpenStackCloud, ? extends WorkloadSpec> spec,
    ToIntFunction<OpenStackCloud> replicas,
    PodPlacement role,
    ConfigSecret config) {

  /** Name of the Deployment (and of the Service, for processes with a port). */
  public String objectName() {
    return "api".equals(component) ? app : app + "-" + component;
  }
}
