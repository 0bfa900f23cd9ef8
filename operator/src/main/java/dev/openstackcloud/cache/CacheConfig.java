package dev.openstackcloud.cache;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.kolla.ConfigSecret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;

/** config.json for the Kolla memcached container; memcached takes its settings as flags. */
public class CacheConfig extends ConfigSecret {
  public CacheConfig() {
    super(Cache.APP);
  }

  @Override
  public Map<String, String> files(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return render(cloud);
  }

  public static Map<String, String> render(OpenStackCloud cloud) {
    int memory = cloud.getSpec().getInfrastructure().getCache().getMemoryMiB();
    var command =
        "/usr/bin/memcached -v -l 0.0.0.0 -p " + Cache.PORT + " -c 5000 -U 0 -m " + memory;
    return Map.of("config.json", new KollaConfig(command).render());
  }
}
