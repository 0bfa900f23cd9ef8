package dev.openstackcloud.openstack;

import dev.openstackcloud.kolla.KollaPod;

/**
 * Where an oslo service keeps its external lock files ({@code [oslo_concurrency] lock_path}):
 * /var/lib/&lt;service&gt;/tmp, as kolla-ansible sets it. The service user must be able to create
 * files there (the L3 agent locks every router, the DHCP agent every network), so each pod that
 * reads the config gets an emptyDir at that path, writable whatever the image or a volume below it
 * (Glance's images, Nova's state) left behind.
 */
public final class LockPath {
  static final String VOLUME = "lock-path";

  private LockPath() {}

  public static String of(String service) {
    return "/var/lib/" + service + "/tmp";
  }

  /**
   * Gives every container of {@code pod} a writable, empty {@link #of lock path} of {@code
   * service}.
   */
  public static KollaPod addTo(KollaPod pod, String service) {
    return pod.emptyDir(VOLUME, of(service));
  }
}
