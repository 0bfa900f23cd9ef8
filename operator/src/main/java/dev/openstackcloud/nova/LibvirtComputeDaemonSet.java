package dev.openstackcloud.nova;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kolla.ConfigJson;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.kube.DaemonSetDependent;
import dev.openstackcloud.kube.Health;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.kube.WorkloadHealth;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/**
 * nova-compute and libvirtd on every node that placement.compute selects. The only pods of a cloud
 * with host access, each exception for a reason:
 *
 * <ul>
 *   <li>hostNetwork: instances' ports join the node's Open vSwitch, and their VNC consoles listen
 *       on the node's address;
 *   <li>hostPID: libvirtd must see the qemu processes it starts, which outlive a container restart;
 *   <li>privileged (both containers): /dev/kvm, the host's cgroups and network namespaces;
 *   <li>host paths under /var/lib/openstack-cloud/&lt;namespace&gt;: instance disks and libvirt
 *       state survive pod restarts, and two clouds that used the same node never share them.
 * </ul>
 *
 * No host port: libvirtd listens only on its socket, which nova-compute reaches through a volume
 * the two containers share. So live migration is not configured yet (it needs libvirtd on TCP/TLS).
 *
 * <p>On {@code kubectl drain} these pods stay (DaemonSet pods are skipped with --ignore-daemonsets)
 * and so do the instances: drain moves no instance. Disable the node's compute service in Nova
 * before maintenance; instances on a node that then goes down stay down until it is back.
 */
class LibvirtComputeDaemonSet extends DaemonSetDependent {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(LibvirtComputeDaemonSet.class);
  static final String NAME = "nova-compute";
  static final String COMPONENT = "compute";
  private static final String LIBVIRT_CONFIG_VOLUME = "libvirt-config";

  private final NovaComputeConfig config;

  LibvirtComputeDaemonSet(NovaComputeConfig config) {
    super(NAME + "-daemonset");
    this.config = config;
  }

  @Override
  protected String fixedName(OpenStackCloud cloud) {
    return NAME;
  }

  @Override
  protected DaemonSet desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var files = config.files(cloud, context);
    var state = "/var/lib/openstack-cloud/" + cloud.getMetadata().getNamespace();
    var shared =
        List.of(
            hostPath("nova-state", state + "/nova", "/var/lib/nova", false),
            hostPath("libvirt-state", state + "/libvirt", "/var/lib/libvirt", false),
            hostPath("modules", "/lib/modules", "/lib/modules", true),
            hostPath("dev", "/dev", "/dev", false));
    var libvirtSocket =
        new VolumeBuilder().withName("libvirt-run").withNewEmptyDir().endEmptyDir().build();
    var cgroup = hostPath("cgroup", "/sys/fs/cgroup", "/sys/fs/cgroup", false);

    // Instance ports join the node's Open vSwitch (run by Neutron): os-vif in nova-compute reaches
    // ovsdb on the loopback; libvirtd, as root, adds an instance's tap with ovs-vsctl over the
    // socket. The nova host is the node name, as for Neutron's agents on the same node.
    var openvswitch = hostPath("openvswitch-run", "/run/openvswitch", "/run/openvswitch", false);
    var compute =
        privileged(ComputePods.novaCompute(cloud))
            .addToEnv(KollaPod.fieldEnv("OS_DEFAULT__HOST", "spec.nodeName"))
            .addAllToVolumeMounts(mounts(shared))
            .addToVolumeMounts(openvswitch.mount())
            .addToVolumeMounts(mount(libvirtSocket, "/run/libvirt", false))
            .build();
    var libvirt =
        privileged(
                KollaPod.kollaContainer(
                    cloud, "nova-libvirt", KollaImages.image(cloud, "nova-libvirt", null), null))
            .addToVolumeMounts(ConfigJson.mount(LIBVIRT_CONFIG_VOLUME))
            .addAllToVolumeMounts(mounts(shared))
            .addToVolumeMounts(
                mount(libvirtSocket, "/run/libvirt", false), cgroup.mount(), openvswitch.mount())
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand("virsh", "version", "--daemon")
            .endExec()
            .withPeriodSeconds(10)
            .withTimeoutSeconds(5)
            .endReadinessProbe()
            .build();
    var pod =
        ComputePods.pod(cloud, COMPONENT, config.secretName(), files)
            .volume(
                ConfigJson.volume(
                    LIBVIRT_CONFIG_VOLUME,
                    config.secretName(),
                    NovaComputeConfig.LIBVIRT_JSON,
                    files.keySet()))
            .volume(libvirtSocket)
            .volume(cgroup.volume())
            .volume(openvswitch.volume());
    shared.forEach(h -> pod.volume(h.volume()));
    var template = pod.container(compute).container(libvirt).build();
    var spec = template.getSpec();
    spec.setHostNetwork(true);
    spec.setHostPID(true);
    // with the host's network, cluster DNS (rabbitmq, keystone...) must be asked for explicitly
    spec.setDnsPolicy("ClusterFirstWithHostNet");
    var canary = LibvirtCanary.hosts(cloud);
    var meta = meta(cloud, NAME, Nova.APP, COMPONENT);
    if (canary != null) {
      meta.setAnnotations(java.util.Map.of(LibvirtCanary.HOSTS_ANNOTATION, String.valueOf(canary)));
    }
    return new DaemonSetBuilder()
        .withMetadata(meta)
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(Labels.selector(cloud, Nova.APP, COMPONENT))
        .endSelector()
        // an upgrade's canary replaces pods one host at a time (LibvirtCanary); otherwise roll them
        // all
        .withNewUpdateStrategy()
        .withType(canary != null ? "OnDelete" : "RollingUpdate")
        .endUpdateStrategy()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  @Override
  protected void afterReconcile(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    if (LibvirtCanary.hosts(cloud) != null) {
      var deleted =
          LibvirtCanary.roll(cloud, context, ComputePods.novaCompute(cloud).build().getImage());
      if (deleted != null) {
        log.info("upgrade canary: replacing pod {} with the new release", deleted);
      }
    }
  }

  @Override
  public Health health(DaemonSet actual) {
    var annotations = actual.getMetadata().getAnnotations();
    var canary = annotations == null ? null : annotations.get(LibvirtCanary.HOSTS_ANNOTATION);
    return canary == null
        ? super.health(actual)
        : WorkloadHealth.canaryDaemonSet(actual, Integer.parseInt(canary));
  }

  private static ContainerBuilder privileged(ContainerBuilder container) {
    return container.editOrNewSecurityContext().withPrivileged(true).endSecurityContext();
  }

  /** A host directory and where both containers see it. */
  private record HostPath(Volume volume, VolumeMount mount) {}

  private static HostPath hostPath(String name, String path, String mountPath, boolean readOnly) {
    var volume =
        new VolumeBuilder()
            .withName(name)
            .withNewHostPath()
            .withPath(path)
            .withType("DirectoryOrCreate")
            .endHostPath()
            .build();
    return new HostPath(volume, mount(volume, mountPath, readOnly));
  }

  private static VolumeMount mount(Volume volume, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(volume.getName())
        .withMountPath(path)
        .withReadOnly(readOnly ? true : null)
        .build();
  }

  private static List<VolumeMount> mounts(List<HostPath> paths) {
    return paths.stream().map(HostPath::mount).toList();
  }
}
