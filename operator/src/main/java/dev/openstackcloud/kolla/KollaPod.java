package dev.openstackcloud.kolla;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.placement.PodPlacement;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod template for Kolla containers: each container runs {@code kolla_start} over its config
 * Secret mounted read-only, and the role's placement is always applied. Every workload and Job of
 * the cloud is built here, so placement cannot be forgotten on one kind.
 */
public final class KollaPod {
  public static final String CONFIG_VOLUME = "kolla-config";

  /** What the Kolla images' CMD runs: kolla_set_configs, then the config.json's command. */
  public static final String KOLLA_START = "kolla_start";

  private final OpenStackCloud cloud;
  private final String app;
  private final String component;
  private final PodPlacement[] roles;
  private final List<Container> initContainers = new ArrayList<>();
  private final List<Container> containers = new ArrayList<>();
  private final List<Volume> volumes = new ArrayList<>();
  private final List<VolumeMount> sharedMounts = new ArrayList<>();
  private final Map<String, String> annotations = new LinkedHashMap<>();
  private String restartPolicy;

  private KollaPod(OpenStackCloud cloud, String app, String component, PodPlacement... roles) {
    this.cloud = cloud;
    this.app = app;
    this.component = component;
    this.roles = roles;
  }

  public static KollaPod of(OpenStackCloud cloud, String app, String component, PodPlacement role) {
    return new KollaPod(cloud, app, component, role);
  }

  /** A pod for nodes of any of {@code roles} (the openvswitch agent: compute and network nodes). */
  public static KollaPod onAnyOf(
      OpenStackCloud cloud, String app, String component, PodPlacement... roles) {
    return new KollaPod(cloud, app, component, roles);
  }

  /** Mounts Secret {@code secret} as the Kolla config source of every container. */
  public KollaPod configSecret(String secret) {
    return secretVolume(CONFIG_VOLUME, secret, KollaConfig.SOURCE_DIR, null);
  }

  /**
   * Mounts only {@code items} of Secret {@code secret} as the Kolla config source (see {@link
   * ConfigJson}).
   */
  public KollaPod configSecret(String secret, List<KeyToPath> items) {
    return secretVolume(CONFIG_VOLUME, secret, KollaConfig.SOURCE_DIR, items);
  }

  /**
   * Mounts Secret {@code secret} (only {@code items}, or all when null) read-only at {@code path}
   * in every container.
   */
  public KollaPod secretVolume(String volume, String secret, String path, List<KeyToPath> items) {
    volumes.add(
        new VolumeBuilder()
            .withName(volume)
            .withNewSecret()
            .withSecretName(secret)
            .withDefaultMode(0440)
            .withItems(items)
            .endSecret()
            .build());
    sharedMounts.add(
        new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(true).build());
    return this;
  }

  /** An emptyDir volume, mounted writable at {@code path} in every container. */
  public KollaPod emptyDir(String volume, String path) {
    volumes.add(new VolumeBuilder().withName(volume).withNewEmptyDir().endEmptyDir().build());
    sharedMounts.add(new VolumeMountBuilder().withName(volume).withMountPath(path).build());
    return this;
  }

  public KollaPod volume(Volume volume) {
    volumes.add(volume);
    return this;
  }

  /** Rolls the pods whenever {@code hash} (of the config they read) changes. */
  public KollaPod configHash(String hash) {
    annotations.put(Labels.CONFIG_HASH, hash);
    return this;
  }

  public KollaPod restartPolicy(String policy) {
    this.restartPolicy = policy;
    return this;
  }

  public KollaPod initContainer(Container c) {
    initContainers.add(c);
    return this;
  }

  public KollaPod container(Container c) {
    containers.add(c);
    return this;
  }

  public PodTemplateSpec build() {
    var spec =
        new PodSpecBuilder()
            .withInitContainers(initContainers.stream().map(this::withSharedMounts).toList())
            .withContainers(containers.stream().map(this::withSharedMounts).toList())
            .withVolumes(volumes)
            .withRestartPolicy(restartPolicy)
            .withEnableServiceLinks(false)
            .withAutomountServiceAccountToken(false)
            .withNewSecurityContext()
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .build();
    PodSpec placed =
        roles.length == 1 ? roles[0].apply(cloud, spec) : PodPlacement.applyAny(cloud, spec, roles);
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Labels.of(cloud, app, component))
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .endMetadata()
        .withSpec(placed)
        .build();
  }

  private Container withSharedMounts(Container c) {
    var mounts = new ArrayList<VolumeMount>(sharedMounts);
    if (c.getVolumeMounts() != null) {
      mounts.addAll(c.getVolumeMounts());
    }
    return new ContainerBuilder(c).withVolumeMounts(mounts).build();
  }

  /**
   * A container that starts through kolla_start with the copy-always config strategy. It sets args,
   * never command: the image's entrypoint, dumb-init, stays PID 1 and passes SIGTERM on, as each
   * image asks (mariadb's to every process). A command would replace it, and mysqld_safe or a shell
   * wrapper as PID 1 ignores SIGTERM until the kubelet kills it. Containers that run something else
   * set their own args, so it too runs under dumb-init.
   */
  public static ContainerBuilder kollaContainer(
      OpenStackCloud cloud, String name, String image, ResourceRequirements resources) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .withImagePullPolicy(cloud.getSpec().getImages().getPullPolicy().name())
        .withArgs(KOLLA_START)
        // kolla_start copies the config into place with sudo, and the agents' root helpers are sudo
        // too: no_new_privs would stop them. Said explicitly, so a policy that fills in a default
        // of false where the field is unset leaves these containers alone.
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(true)
        .endSecurityContext()
        .withEnv(env("KOLLA_CONFIG_STRATEGY", "COPY_ALWAYS"))
        .withResources(resources);
  }

  public static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  /**
   * An env var from the pod's own fields (spec.nodeName, status.hostIP). apiVersion is spelled out:
   * the API server defaults it, and server-side apply would otherwise see a difference and rewrite
   * the object on every reconcile.
   */
  public static EnvVar fieldEnv(String name, String fieldPath) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef("v1", fieldPath)
        .endValueFrom()
        .build();
  }

  /** An env var read from a key of a Secret, so the value never appears in a pod spec. */
  public static EnvVar secretEnv(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef(key, secret, false)
        .endValueFrom()
        .build();
  }
}
