package dev.openstackcloud.testing;

import dev.openstackcloud.kube.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every object the operator manages in a namespace, by kind/name, to compare before and after. */
public final class ManagedObjects {
  private static final List<Class<? extends HasMetadata>> KINDS =
      List.of(
          Secret.class,
          ConfigMap.class,
          Service.class,
          StatefulSet.class,
          Deployment.class,
          DaemonSet.class,
          Job.class,
          CronJob.class,
          NetworkPolicy.class,
          PersistentVolumeClaim.class);

  private ManagedObjects() {}

  /** kind/name -> resourceVersion: any write to an object, spec or status, changes it. */
  public static Map<String, String> versions(KubernetesClient client, String namespace) {
    var map = new TreeMap<String, String>();
    for (var kind : KINDS) {
      client
          .resources(kind)
          .inNamespace(namespace)
          .withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
          .list()
          .getItems()
          .forEach(
              o ->
                  map.put(
                      o.getKind() + "/" + o.getMetadata().getName(),
                      o.getMetadata().getResourceVersion()));
    }
    return map;
  }

  /** Keys whose value differs between {@code before} and {@code after}, or that are in only one. */
  public static List<String> changed(Map<String, String> before, Map<String, String> after) {
    var keys = new java.util.TreeSet<String>(before.keySet());
    keys.addAll(after.keySet());
    return keys.stream()
        .filter(k -> !java.util.Objects.equals(before.get(k), after.get(k)))
        .toList();
  }
}
