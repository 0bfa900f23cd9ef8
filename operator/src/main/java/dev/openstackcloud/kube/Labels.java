package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import java.util.LinkedHashMap;
import java.util.Map;

/** The app.kubernetes.io label set every object of a cloud carries. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "openstack-cloud-operator";
  public static final String PART_OF_VALUE = "openstack-cloud";

  /** Informers see only objects carrying this. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

  /** Pod template annotation whose change rolls pods: a hash of the config they read. */
  public static final String CONFIG_HASH = "openstackcloud.dev/config-hash";

  private Labels() {}

  /** Labels of an object of {@code name} (e.g. keystone) in role {@code component} (e.g. api). */
  public static Map<String, String> of(OpenStackCloud cloud, String name, String component) {
    var labels = new LinkedHashMap<String, String>();
    labels.put(NAME, name);
    labels.put(INSTANCE, cloud.getMetadata().getName());
    labels.put(COMPONENT, component);
    labels.put(PART_OF, PART_OF_VALUE);
    labels.put(MANAGED_BY, OPERATOR);
    return labels;
  }

  /**
   * The stable subset used as a pod selector (selectors are immutable, so nothing that may change).
   */
  public static Map<String, String> selector(OpenStackCloud cloud, String name, String component) {
    return Map.of(NAME, name, INSTANCE, cloud.getMetadata().getName(), COMPONENT, component);
  }
}
