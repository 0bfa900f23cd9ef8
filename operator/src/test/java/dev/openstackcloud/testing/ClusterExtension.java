package dev.openstackcloud.testing;

import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** What both test clusters give a test: a client and a fresh namespace, deleted afterwards. */
abstract class ClusterExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final Supplier<KubernetesClient> testClient;
  private final Supplier<KubernetesClient> runningClient;

  /**
   * @param testClient the cluster's shared client, started on first use
   * @param runningClient the client if the cluster still runs, else null (a test may have stopped
   *     it)
   */
  ClusterExtension(
      Supplier<KubernetesClient> testClient, Supplier<KubernetesClient> runningClient) {
    this.testClient = testClient;
    this.runningClient = runningClient;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    var base =
        context
            .getRequiredTestClass()
            .getSimpleName()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]", "");
    var name =
        (base.length() > 40 ? base.substring(0, 40) : base)
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    testClient
        .get()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("openstackcloud.dev/test", "true")
                .endMetadata()
                .build())
        .create();
    store(context).put(TestNamespace.class, new TestNamespace(name));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    var ns = store(context).get(TestNamespace.class, TestNamespace.class);
    var client = runningClient.get();
    if (ns != null && client != null && !Boolean.getBoolean("osc.keepNamespaces")) {
      client.namespaces().withName(ns.name()).delete();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    var t = p.getParameter().getType();
    return t == KubernetesClient.class || t == TestNamespace.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == KubernetesClient.class
        ? testClient.get()
        : store(e).get(TestNamespace.class, TestNamespace.class);
  }

  private ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(ExtensionContext.Namespace.create(getClass(), context.getUniqueId()));
  }
}
