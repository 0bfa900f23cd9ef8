package dev.openstackcloud.upgrade;

import java.util.List;
import java.util.Locale;

/**
 * The order OpenStack's upgrade guides give, each step naming the status components it moves and
 * the Kolla images that belong to it. An image that fits no step is a programming error.
 */
public enum UpgradeStep {
  // Infrastructure images run no OpenStack migrations; Horizon has no database; computes reach the
  // database only through the conductor. Only the steps marked migrates can pass the point of no
  // return.
  INFRASTRUCTURE(
      List.of("Database", "Messaging", "Cache"),
      List.of("mariadb", "rabbitmq", "memcached"),
      false),
  // kolla-toolbox registers endpoints in Keystone: it moves with the service it talks to.
  KEYSTONE(List.of("Keystone"), List.of("keystone", "kolla-toolbox"), true),
  GLANCE(List.of("Glance"), List.of("glance"), true),
  PLACEMENT(List.of("Placement"), List.of("placement"), true),
  NOVA(List.of("Nova"), List.of("nova"), true),
  // computes after the control services, so they never talk to an older conductor
  COMPUTE(List.of("Nova"), List.of("nova-compute", "nova-libvirt"), false),
  NEUTRON(List.of("Neutron"), List.of("neutron", "openvswitch"), true),
  HORIZON(List.of("Horizon"), List.of("horizon"), false);

  private final List<String> components;
  private final List<String> imagePrefixes;
  private final boolean migrates;

  UpgradeStep(List<String> components, List<String> imagePrefixes, boolean migrates) {
    this.components = components;
    this.imagePrefixes = imagePrefixes;
    this.migrates = migrates;
  }

  /**
   * True when the step runs database migrations (its components' db-sync Jobs), which no rollback
   * undoes.
   */
  public boolean migrates() {
    return migrates;
  }

  /** Key in status.componentReleases. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** As a condition reason: Keystone. */
  public String reason() {
    return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
  }

  /** Status components (the {@code <Component>Ready} conditions) this step moves. */
  public List<String> components() {
    return components;
  }

  /**
   * The step of the longest matching prefix: nova-compute is a compute image, nova-api a nova one.
   */
  public static UpgradeStep ofImage(String kollaImage) {
    UpgradeStep best = null;
    int length = -1;
    for (var step : values()) {
      for (var prefix : step.imagePrefixes) {
        if (kollaImage.startsWith(prefix) && prefix.length() > length) {
          best = step;
          length = prefix.length();
        }
      }
    }
    if (best != null) {
      return best;
    }
    throw new IllegalArgumentException(
        "Kolla image " + kollaImage + " belongs to no upgrade step; add it to UpgradeStep");
  }
}
