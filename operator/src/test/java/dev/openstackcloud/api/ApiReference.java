package dev.openstackcloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders docs/api.md from the CRD's OpenAPI schema, so the reference says exactly what the API
 * server enforces and {@code kubectl explain} shows. One table per object of our own; embedded
 * Kubernetes types (resources, affinity, tolerations), whose fields carry no description in the
 * schema, stay one row each rather than pages of undocumented sub-fields.
 */
final class ApiReference {
  private final StringBuilder out = new StringBuilder();
  private final List<Section> pending = new ArrayList<>();

  private record Section(String path, JSONSchemaProps schema) {}

  private ApiReference() {}

  static String render(CustomResourceDefinition crd, String source) {
    return new ApiReference().document(crd, source);
  }

  private String document(CustomResourceDefinition crd, String source) {
    var spec = crd.getSpec();
    var names = spec.getNames();
    out.append("# ").append(names.getKind()).append(" API reference\n\n");
    out.append("<!-- Generated from ")
        .append(source)
        .append(" by ApiReferenceTest. Do not edit: run hack/update-generated.sh. -->\n\n");
    for (var version : spec.getVersions()) {
      out.append("Group `")
          .append(spec.getGroup())
          .append("`, version `")
          .append(version.getName())
          .append("`, kind `")
          .append(names.getKind())
          .append("` (plural `")
          .append(names.getPlural())
          .append('`');
      if (names.getShortNames() != null && !names.getShortNames().isEmpty()) {
        out.append(", short name ")
            .append(
                names.getShortNames().stream()
                    .map(n -> "`" + n + "`")
                    .collect(Collectors.joining(", ")));
      }
      out.append("), ")
          .append(spec.getScope().toLowerCase(Locale.ROOT))
          .append(".")
          .append(
              version.getSubresources() != null && version.getSubresources().getStatus() != null
                  ? " Status is a subresource."
                  : "")
          .append("\n\n");
      out.append(
              "Defaults are applied by the API server when an object is written, and every rule below is checked\n")
          .append(
              "there too: a manifest that breaks one is refused at apply time, with the field named.\n")
          .append("`kubectl explain ")
          .append(names.getSingular())
          .append(".spec` shows the same descriptions.\n\n");
      printerColumns(version);
      var root = version.getSchema().getOpenAPIV3Schema();
      for (var top : List.of("spec", "status")) {
        var schema = root.getProperties().get(top);
        if (schema != null) {
          pending.add(new Section(top, schema));
        }
      }
      while (!pending.isEmpty()) {
        section(pending.remove(0));
      }
    }
    return out.toString();
  }

  private void printerColumns(CustomResourceDefinitionVersion version) {
    if (version.getAdditionalPrinterColumns() == null
        || version.getAdditionalPrinterColumns().isEmpty()) {
      return;
    }
    out.append("Columns of `kubectl get`:\n\n| Column | Type | JSON path |\n|---|---|---|\n");
    for (var c : version.getAdditionalPrinterColumns()) {
      out.append("| ")
          .append(c.getName())
          .append(" | ")
          .append(c.getType())
          .append(" | `")
          .append(cell(c.getJsonPath()))
          .append("` |\n");
    }
    out.append('\n');
  }

  private void section(Section section) {
    var schema = section.schema();
    out.append(section.path().contains(".") ? "### " : "## ").append(section.path()).append("\n\n");
    if (schema.getDescription() != null) {
      out.append(text(schema.getDescription())).append("\n\n");
    }
    var validation = validation(schema, false);
    if (!validation.isEmpty()) {
      out.append("Validation: ").append(validation).append(".\n\n");
    }
    var children = new ArrayList<Section>();
    out.append("| Field | Type | Default | Validation | Description |\n|---|---|---|---|---|\n");
    var required = schema.getRequired() == null ? List.<String>of() : schema.getRequired();
    for (Map.Entry<String, JSONSchemaProps> e : schema.getProperties().entrySet()) {
      var name = e.getKey();
      var field = e.getValue();
      var path = section.path() + "." + name;
      var nested = nestedObject(field);
      String label = "`" + name + "`";
      if (nested != null) {
        var childPath = path + nested.suffix();
        children.add(new Section(childPath, nested.schema()));
        label = "[" + label + "](#" + anchor(childPath) + ")";
      }
      var rules = validation(field, required.contains(name));
      out.append("| ")
          .append(label)
          .append(" | ")
          .append(type(field))
          .append(" | ")
          .append(field.getDefault() == null ? "" : "`" + cell(compact(field.getDefault())) + "`")
          .append(" | ")
          .append(rules)
          .append(" | ")
          .append(field.getDescription() == null ? "" : text(field.getDescription()))
          .append(" |\n");
    }
    out.append('\n');
    pending.addAll(0, children);
  }

  private record Nested(String suffix, JSONSchemaProps schema) {}

  /** The object a field leads to that deserves its own table: one whose fields are described. */
  private static Nested nestedObject(JSONSchemaProps field) {
    if (described(field)) {
      return new Nested("", field);
    }
    if (field.getAdditionalProperties() != null
        && described(field.getAdditionalProperties().getSchema())) {
      return new Nested(".*", field.getAdditionalProperties().getSchema());
    }
    if (field.getItems() != null && described(field.getItems().getSchema())) {
      return new Nested("[]", field.getItems().getSchema());
    }
    return null;
  }

  private static boolean described(JSONSchemaProps schema) {
    return schema != null
        && schema.getProperties() != null
        && schema.getProperties().values().stream().anyMatch(p -> p.getDescription() != null);
  }

  static String type(JSONSchemaProps s) {
    if (Boolean.TRUE.equals(s.getXKubernetesIntOrString())) {
      return "int or string";
    }
    if ("array".equals(s.getType())) {
      return "[]"
          + (s.getItems() == null || s.getItems().getSchema() == null
              ? "any"
              : type(s.getItems().getSchema()));
    }
    if ("object".equals(s.getType())
        && s.getAdditionalProperties() != null
        && s.getAdditionalProperties().getSchema() != null
        && (s.getProperties() == null || s.getProperties().isEmpty())) {
      return "map[string]" + type(s.getAdditionalProperties().getSchema());
    }
    return s.getType() == null ? "any" : s.getType();
  }

  static String validation(JSONSchemaProps s, boolean required) {
    var rules = new ArrayList<String>();
    if (required) {
      rules.add("required");
    }
    if (s.getEnum() != null && !s.getEnum().isEmpty()) {
      rules.add(
          "one of "
              + s.getEnum().stream()
                  .map(v -> "`" + cell(v.asText()) + "`")
                  .collect(Collectors.joining(", ")));
    }
    if (s.getPattern() != null) {
      rules.add("pattern `" + cell(s.getPattern()) + "`");
    }
    if (s.getMinimum() != null && s.getMinimum().equals(s.getMaximum())) {
      rules.add("exactly " + number(s.getMinimum()));
    } else if (s.getMinimum() != null && s.getMaximum() != null) {
      rules.add(number(s.getMinimum()) + " to " + number(s.getMaximum()));
    } else if (s.getMinimum() != null) {
      rules.add("at least " + number(s.getMinimum()));
    } else if (s.getMaximum() != null) {
      rules.add("at most " + number(s.getMaximum()));
    }
    if (s.getMinLength() != null) {
      rules.add("at least " + s.getMinLength() + " characters");
    }
    if (s.getMaxLength() != null) {
      rules.add("at most " + s.getMaxLength() + " characters");
    }
    if (s.getMaxProperties() != null) {
      rules.add("at most " + s.getMaxProperties() + " entries");
    }
    if (s.getMaxItems() != null) {
      rules.add("at most " + s.getMaxItems() + " items");
    }
    if (s.getXKubernetesValidations() != null) {
      for (var rule : s.getXKubernetesValidations()) {
        rules.add(
            "`"
                + cell(rule.getRule())
                + "`"
                + (rule.getMessage() == null ? "" : ": " + text(rule.getMessage())));
      }
    }
    return String.join("; ", rules);
  }

  private static String number(Double d) {
    return new BigDecimal(d.toString()).stripTrailingZeros().toPlainString();
  }

  private static String compact(JsonNode value) {
    return value.isTextual() ? value.asText() : value.toString();
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  /** Prose for a table cell: one line, and no "<name>" that Markdown would take for an HTML tag. */
  private static String text(String s) {
    return cell(oneLine(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
  }

  /** Escapes a table cell: a pipe ends the cell even inside a code span. */
  private static String cell(String s) {
    return s.replace("|", "\\|");
  }

  /** GitHub's heading anchor: lower case, punctuation other than - and _ dropped. */
  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }
}
