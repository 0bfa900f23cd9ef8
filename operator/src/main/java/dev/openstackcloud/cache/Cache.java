package dev.openstackcloud.cache;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kube.ServiceDependent;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Memcached: the objects of the cache component and how services reach it. */
public final class Cache {
  public static final String APP = "memcached";
  public static final String COMPONENT = "cache";
  public static final int PORT = 11211;

  private Cache() {}

  /** Every server by its stable pod DNS name, for oslo.cache and keystonemiddleware. */
  public static String servers(OpenStackCloud cloud) {
    int n = cloud.getSpec().getInfrastructure().getCache().getReplicas();
    return IntStream.range(0, n)
        .mapToObj(i -> APP + "-" + i + "." + APP + ":" + PORT)
        .collect(Collectors.joining(","));
  }

  public record Dependents(CacheConfig config, ServiceDependent service, CacheStatefulSet server) {}

  public static Dependents dependents() {
    return new Dependents(
        new CacheConfig(),
        new ServiceDependent(APP, COMPONENT, PORT, true),
        new CacheStatefulSet());
  }
}
