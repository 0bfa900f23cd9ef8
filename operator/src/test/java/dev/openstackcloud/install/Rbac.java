package dev.openstackcloud.install;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * RBAC rules as a set of single grants ("group/resource:verb", "[name]" when limited by name), so
 * two role definitions compare by what they allow, not by how their rules are grouped or ordered.
 */
final class Rbac {
  private Rbac() {}

  static Set<String> atoms(List<PolicyRule> rules) {
    var atoms = new TreeSet<String>();
    for (var rule : rules) {
      var names =
          rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
              ? List.of("")
              : rule.getResourceNames();
      for (var group : rule.getApiGroups()) {
        for (var resource : rule.getResources()) {
          for (var verb : rule.getVerbs()) {
            for (var name : names) {
              atoms.add(
                  group + "/" + resource + ":" + verb + (name.isEmpty() ? "" : "[" + name + "]"));
            }
          }
        }
      }
    }
    return atoms;
  }

  static Set<String> minus(Set<String> all, Set<String> removed) {
    var rest = new TreeSet<>(all);
    rest.removeAll(removed);
    return rest;
  }
}
