package dev.openstackcloud.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.OpenStackCloudSpec;
import dev.openstackcloud.api.v1alpha1.status.OpenStackCloudStatus;
import dev.openstackcloud.config.InvalidConfigException;
import dev.openstackcloud.credentials.GeneratedSecret;
import dev.openstackcloud.kube.Secondaries;
import dev.openstackcloud.placement.NodeClaims;
import dev.openstackcloud.reconciler.CloudStatus;
import dev.openstackcloud.reconciler.CloudWorkflow;
import dev.openstackcloud.testing.Desired;
import dev.openstackcloud.testing.ListContext;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One generated spec taken as far as the operator takes it without an API server: the CRD's
 * structural checks, then every enabled dependent's desired() in graph order (as the workflow
 * would, against caches holding what was built before), then status. Anything but a refusal the
 * operator reports ({@link InvalidConfigException}) fails the case, naming the dependent.
 */
record Rendered(
    List<String> schemaViolations,
    OpenStackCloud cloud,
    List<HasMetadata> objects,
    Map<String, Exception> refusals,
    Set<String> generatedSecrets,
    OpenStackCloudStatus status) {
  private static final CloudWorkflow WORKFLOW = CloudWorkflow.create();
  private static final String CREATED = "2026-12-02T10:00:00Z";
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  static Rendered of(SpecGen.Case c) {
    JsonNode tree = Serialization.jsonMapper().valueToTree(c.spec());
    var violations = CrdSchema.violations(tree);
    if (!violations.isEmpty()) {
      return new Rendered(violations, null, List.of(), Map.of(), Set.of(), null);
    }
    var cloud = new OpenStackCloud();
    cloud.setMetadata(
        new ObjectMetaBuilder()
            .withName(c.name())
            .withNamespace(c.namespace())
            .withUid("00000000-0000-0000-0000-000000000001")
            .withGeneration(1L)
            .withCreationTimestamp(CREATED)
            .build());
    cloud.setSpec(Serialization.jsonMapper().convertValue(c.spec(), OpenStackCloudSpec.class));
    cloud.setStatus(new OpenStackCloudStatus());
    cloud.getStatus().setRelease(c.running());

    var context = new ListContext(cloud);
    var objects = new ArrayList<HasMetadata>();
    var refusals = new LinkedHashMap<String, Exception>();
    var generated = new HashSet<String>();
    var reached = new HashSet<String>();
    for (var m : WORKFLOW.members()) {
      if (!m.enabled().test(cloud)) {
        continue;
      }
      var name = m.dependent().name();
      try {
        var o = Desired.of(m.dependent(), cloud, context);
        context.add(o);
        objects.add(o);
        reached.add(name);
        if (m.dependent() instanceof GeneratedSecret && o instanceof Secret s) {
          files(s).values().stream().filter(v -> v.length() >= 8).forEach(generated::add);
        }
      } catch (IllegalStateException wrapped) {
        var e = rootOf(wrapped);
        if (e instanceof InvalidConfigException refused) {
          refusals.put(name, refused);
        } else if (!(e instanceof Secondaries.NotCachedYet && !refusals.isEmpty())) {
          // waiting for an object a refused dependent would have made is what the workflow does too
          throw new AssertionError(name + ".desired() threw " + e, e);
        }
      }
    }
    OpenStackCloudStatus status;
    try {
      status =
          CloudStatus.compute(
              cloud,
              context,
              WORKFLOW,
              refusals,
              reached,
              new NodeClaims.Verdict(Map.of()),
              NOW,
              false);
    } catch (RuntimeException e) {
      throw new AssertionError("status threw " + e, e);
    }
    return new Rendered(List.of(), cloud, objects, refusals, generated, status);
  }

  boolean rejectedBySchema() {
    return !schemaViolations.isEmpty();
  }

  /** Every rendered file (config Secrets and ConfigMaps), by object/key. */
  Map<String, String> renderedFiles() {
    var out = new LinkedHashMap<String, String>();
    for (var o : objects) {
      Map<String, String> files =
          o instanceof Secret s
              ? files(s)
              : o instanceof ConfigMap cm && cm.getData() != null ? cm.getData() : Map.of();
      files.forEach((k, v) -> out.put(o.getKind() + "/" + o.getMetadata().getName() + "/" + k, v));
    }
    return out;
  }

  private static Map<String, String> files(Secret s) {
    var out = new LinkedHashMap<String, String>();
    if (s.getData() != null) {
      s.getData()
          .forEach(
              (k, v) ->
                  out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (s.getStringData() != null) {
      out.putAll(s.getStringData());
    }
    return out;
  }

  private static Throwable rootOf(Throwable e) {
    var t = e;
    while (t.getCause() != null
        && (t instanceof IllegalStateException
                && t.getMessage() != null
                && t.getMessage().startsWith("desired() of")
            || t instanceof java.lang.reflect.InvocationTargetException)) {
      t = t.getCause();
    }
    return t;
  }
}
