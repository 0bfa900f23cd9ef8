package dev.openstackcloud.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API server's structural checks of the committed CRD (pattern, enum, minimum/maximum,
 * maxLength, maxProperties/maxItems), applied to a spec without an API server. Read from crds/ so
 * the properties follow the schema as it is, not a copy of it. CEL rules are not evaluated here.
 */
final class CrdSchema {
  private static final Path REPO =
      Path.of(System.getProperty("osc.repoRoot", "..")).toAbsolutePath().normalize();
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
  private static final JSONSchemaProps SPEC = load();

  private CrdSchema() {}

  /**
   * What the API server would refuse in {@code spec}, each naming its field
   * (spec.services.keystone.region: ...).
   */
  static List<String> violations(JsonNode spec) {
    var out = new ArrayList<String>();
    check("spec", spec, SPEC, out);
    return out;
  }

  private static void check(String path, JsonNode value, JSONSchemaProps schema, List<String> out) {
    if (schema == null || value == null || value.isNull()) {
      return;
    }
    if (value.isTextual()) {
      var text = value.asText();
      if (schema.getPattern() != null
          && !PATTERNS
              .computeIfAbsent(schema.getPattern(), Pattern::compile)
              .matcher(text)
              .find()) {
        out.add(path + ": should match '" + schema.getPattern() + "'");
      }
      if (schema.getMaxLength() != null
          && text.codePointCount(0, text.length()) > schema.getMaxLength()) {
        out.add(path + ": may not be longer than " + schema.getMaxLength());
      }
      if (schema.getEnum() != null
          && !schema.getEnum().isEmpty()
          && schema.getEnum().stream().noneMatch(e -> text.equals(e.asText()))) {
        out.add(path + ": unsupported value \"" + text + "\"");
      }
    } else if (value.isNumber()) {
      if (schema.getMinimum() != null && value.asDouble() < schema.getMinimum()) {
        out.add(path + ": should be greater than or equal to " + schema.getMinimum().longValue());
      }
      if (schema.getMaximum() != null && value.asDouble() > schema.getMaximum()) {
        out.add(path + ": should be less than or equal to " + schema.getMaximum().longValue());
      }
    } else if (value.isObject()) {
      if (schema.getMaxProperties() != null && value.size() > schema.getMaxProperties()) {
        out.add(path + ": must have at most " + schema.getMaxProperties() + " properties");
      }
      value
          .fields()
          .forEachRemaining(
              f -> {
                var property =
                    schema.getProperties() == null ? null : schema.getProperties().get(f.getKey());
                var child =
                    property != null
                        ? property
                        : schema.getAdditionalProperties() == null
                            ? null
                            : schema.getAdditionalProperties().getSchema();
                check(path + "." + f.getKey(), f.getValue(), child, out);
              });
    } else if (value.isArray()) {
      if (schema.getMaxItems() != null && value.size() > schema.getMaxItems()) {
        out.add(path + ": must have at most " + schema.getMaxItems() + " items");
      }
      for (int i = 0; i < value.size(); i++) {
        check(
            path + "[" + i + "]",
            value.get(i),
            schema.getItems() == null ? null : schema.getItems().getSchema(),
            out);
      }
    }
  }

  private static JSONSchemaProps load() {
    var path = REPO.resolve("crds/openstackclouds.openstackcloud.dev.yaml");
    try (InputStream in = Files.newInputStream(path)) {
      var crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      return crd.getSpec()
          .getVersions()
          .get(0)
          .getSchema()
          .getOpenAPIV3Schema()
          .getProperties()
          .get("spec");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the CRD at " + path, e);
    }
  }
}
