package dev.openstackcloud.testing;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the NetworkPolicies stored in the API server allow, connection by connection, as a network
 * plugin would enforce them: kwok enforces nothing, so {@code netpol-eval} (cyclonus' policy
 * matcher, built by hack/build-tools.sh) judges the real objects read back from the cluster.
 */
public final class PolicyVerdicts {
  /** TCP from {@code source} to {@code port} of {@code destination}. */
  public record Connection(Pod source, Pod destination, int port) {
    @Override
    public String toString() {
      return key(source) + " -> " + key(destination) + ":" + port;
    }
  }

  private PolicyVerdicts() {}

  /**
   * Allowed (true) or denied, per connection, under every policy of the namespaces involved,
   * ingress and egress.
   */
  public static Map<Connection, Boolean> evaluate(
      KubernetesClient client, List<Connection> connections) {
    var pods = new LinkedHashMap<String, Pod>();
    connections.forEach(
        c -> {
          pods.put(key(c.source()), c.source());
          pods.put(key(c.destination()), c.destination());
        });
    var namespaces = new TreeSet<String>();
    pods.values().forEach(p -> namespaces.add(p.getMetadata().getNamespace()));
    var nsObjects = new ArrayList<Namespace>();
    var policies = new ArrayList<NetworkPolicy>();
    for (var ns : namespaces) {
      nsObjects.add(client.namespaces().withName(ns).get());
      policies.addAll(client.network().v1().networkPolicies().inNamespace(ns).list().getItems());
    }
    var queries =
        connections.stream()
            .map(
                c ->
                    Map.of(
                        "source",
                        key(c.source()),
                        "destination",
                        key(c.destination()),
                        "port",
                        c.port()))
            .toList();
    var serialization = client.getKubernetesSerialization();
    var input =
        serialization.asJson(
            Map.of(
                "namespaces",
                nsObjects,
                "pods",
                List.copyOf(pods.values()),
                "policies",
                policies,
                "queries",
                queries));
    List<?> verdicts = serialization.unmarshal(Tools.netpolEval(input), List.class);
    if (verdicts.size() != connections.size()) {
      throw new AssertionError(
          "netpol-eval answered " + verdicts.size() + " of " + connections.size() + " queries");
    }
    var result = new LinkedHashMap<Connection, Boolean>();
    for (int i = 0; i < connections.size(); i++) {
      result.put(connections.get(i), (Boolean) ((Map<?, ?>) verdicts.get(i)).get("allowed"));
    }
    return result;
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}
