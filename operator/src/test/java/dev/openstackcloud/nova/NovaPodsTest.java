package dev.openstackcloud.nova;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.ComputeSpec.Driver;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.openstack.ServiceCredentials;
import dev.openstackcloud.reconciler.CloudWorkflow;
import dev.openstackcloud.testing.Desired;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.lang.reflect.Proxy;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The pod templates of every object the workflow builds for Nova, from the real graph. */
class NovaPodsTest {

  @ParameterizedTest
  @EnumSource(Driver.class)
  void everyNovaPodTemplateCarriesItsRolesNodeSelector(Driver driver) {
    var pods = novaPodTemplates(NovaClouds.full(driver));
    var computeKind = driver == Driver.libvirt ? "DaemonSet" : "StatefulSet";
    assertThat(pods.keySet())
        .extracting(k -> k.split("/")[0])
        .contains("Deployment", "Job", "CronJob", computeKind);
    pods.forEach(
        (object, pod) -> {
          var expected =
              object.startsWith(computeKind + "/") ? NovaClouds.COMPUTE : NovaClouds.CONTROL_PLANE;
          assertThat(pod.getSpec().getNodeSelector())
              .as("nodeSelector of %s", object)
              .isEqualTo(expected);
        });
    // 5 processes; Jobs: 3 db-create, 5 nova-manage, 1 registration; the CronJob; the hypervisors
    assertThat(pods.keySet()).hasSize(5 + 9 + 1 + 1);
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void onlyTheHypervisorsOfTheChosenDriverExist(Driver driver) {
    var objects = novaPodTemplates(NovaClouds.full(driver)).keySet();
    assertThat(objects)
        .contains(
            driver == Driver.libvirt ? "DaemonSet/nova-compute" : "StatefulSet/nova-compute-fake")
        .doesNotContain(
            driver == Driver.libvirt ? "StatefulSet/nova-compute-fake" : "DaemonSet/nova-compute");
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void everyLongRunningContainerReadsItsOwnProcesssConfigJson(Driver driver) {
    var pods = novaPodTemplates(NovaClouds.full(driver));
    var expected = new LinkedHashMap<String, String>();
    for (var process : List.of("metadata", "scheduler", "conductor", "novncproxy")) {
      expected.put("Deployment/nova-" + process, "nova-" + process + ".json");
    }
    expected.put("Deployment/nova", "nova-api.json");
    expected.put(
        driver == Driver.libvirt ? "DaemonSet/nova-compute" : "StatefulSet/nova-compute-fake",
        "nova-compute.json");
    expected.forEach(
        (object, json) -> {
          var pod = pods.get(object).getSpec();
          var items =
              pod.getVolumes().stream()
                  .filter(v -> v.getName().equals("kolla-config"))
                  .findFirst()
                  .orElseThrow()
                  .getSecret()
                  .getItems();
          assertThat(items)
              .as("config items of %s", object)
              .contains(new KeyToPath(json, null, "config.json"))
              .extracting(KeyToPath::getPath)
              .doesNotHaveDuplicates()
              .contains("nova.conf");
        });
    if (driver == Driver.libvirt) {
      var libvirt = pods.get("DaemonSet/nova-compute").getSpec();
      var items =
          libvirt.getVolumes().stream()
              .filter(v -> v.getName().equals("libvirt-config"))
              .findFirst()
              .orElseThrow()
              .getSecret()
              .getItems();
      assertThat(items)
          .contains(
              new KeyToPath("nova-libvirt.json", null, "config.json"),
              new KeyToPath("libvirtd.conf", null, "libvirtd.conf"));
      assertThat(libvirt.getContainers().get(1).getVolumeMounts())
          .anyMatch(m -> m.getName().equals("libvirt-config"))
          .noneMatch(m -> m.getName().equals("kolla-config"));
    }
  }

  /** libvirtd plugs an instance's tap into br-int with ovs-vsctl (as root, over ovsdb's socket). */
  @org.junit.jupiter.api.Test
  void libvirtdSeesOpenvswitchsSocket() {
    var libvirt =
        novaPodTemplates(NovaClouds.full(Driver.libvirt))
            .get("DaemonSet/nova-compute")
            .getSpec()
            .getContainers()
            .stream()
            .filter(c -> c.getName().equals("nova-libvirt"))
            .findFirst()
            .orElseThrow();
    assertThat(libvirt.getVolumeMounts())
        .anyMatch(m -> m.getMountPath().equals("/run/openvswitch"));
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void fakeHypervisorsHaveNoHostAccessAndLibvirtOnlyWhatItNeeds(Driver driver) {
    var pods = novaPodTemplates(NovaClouds.full(driver));
    pods.forEach(
        (object, pod) -> {
          var spec = pod.getSpec();
          boolean host = object.equals("DaemonSet/nova-compute");
          assertThat(Boolean.TRUE.equals(spec.getHostNetwork()))
              .as("hostNetwork of %s", object)
              .isEqualTo(host);
          assertThat(Boolean.TRUE.equals(spec.getHostPID()))
              .as("hostPID of %s", object)
              .isEqualTo(host);
          assertThat(spec.getContainers())
              .as("containers of %s", object)
              .allMatch(
                  c ->
                      (c.getSecurityContext() != null
                              && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged()))
                          == host);
          assertThat(spec.getContainers())
              .flatExtracting(c -> c.getPorts() == null ? List.of() : c.getPorts())
              .as("host ports of %s", object)
              .allMatch(p -> ((ContainerPort) p).getHostPort() == null);
        });
  }

  @ParameterizedTest
  @EnumSource(Driver.class)
  void aConfigOverrideChangesTheHashOfEveryNovaPodAndEveryJobName(Driver driver) {
    var before = novaPodTemplates(NovaClouds.full(driver));
    var changed = NovaClouds.full(driver);
    changed.getSpec().getServices().getNova().setConfig(Map.of("DEFAULT", Map.of("debug", "true")));
    var after = novaPodTemplates(changed);
    before.forEach(
        (object, pod) -> {
          if (object.startsWith("Job/") && !object.startsWith("Job/nova-keystone-registration")) {
            if (object.contains("db-create")) {
              assertThat(after).as("%s reads no nova.conf", object).containsKey(object);
            } else {
              assertThat(after)
                  .as("%s runs with nova.conf, so again under a new name", object)
                  .doesNotContainKey(object);
            }
          } else if (!object.startsWith("Job/")) {
            assertThat(after.get(object).getMetadata().getAnnotations().get(Labels.CONFIG_HASH))
                .as("config hash of %s", object)
                .isNotEqualTo(pod.getMetadata().getAnnotations().get(Labels.CONFIG_HASH));
          }
        });
  }

  /**
   * nova-compute keeps its compute_id in /var/lib/nova: a recreated fake hypervisor must find it
   * there.
   */
  @org.junit.jupiter.api.Test
  void fakeHypervisorsKeepTheirStateOnAClaimOfTheirOwn() {
    var cloud = NovaClouds.full(Driver.fake);
    var context =
        contextWith(
            secret(
                Nova.CREDENTIALS,
                ServiceCredentials.DATABASE,
                Nova.API_DATABASE_PASSWORD,
                ServiceCredentials.SERVICE,
                Nova.METADATA_SECRET),
            secret(CloudCredentials.NAME, CloudCredentials.MESSAGING));
    var sts =
        (StatefulSet)
            Desired.of(new FakeComputeStatefulSet(new NovaComputeConfig()), cloud, context);
    assertThat(sts.getSpec().getVolumeClaimTemplates())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly(FakeComputeStatefulSet.STATE_VOLUME);
    var compute = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(compute.getVolumeMounts())
        .anyMatch(
            m ->
                m.getName().equals(FakeComputeStatefulSet.STATE_VOLUME)
                    && m.getMountPath().equals("/var/lib/nova"));
    assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled())
        .isEqualTo("Retain");
  }

  /** Kind/name to pod template of every object of component Nova that {@code cloud} enables. */
  static Map<String, PodTemplateSpec> novaPodTemplates(OpenStackCloud cloud) {
    var context =
        contextWith(
            secret(
                Nova.CREDENTIALS,
                ServiceCredentials.DATABASE,
                Nova.API_DATABASE_PASSWORD,
                ServiceCredentials.SERVICE,
                Nova.METADATA_SECRET),
            secret(CloudCredentials.NAME, CloudCredentials.MESSAGING));
    var pods = new LinkedHashMap<String, PodTemplateSpec>();
    CloudWorkflow.create().members().stream()
        .filter(m -> m.component().equals(Nova.COMPONENT) && m.enabled().test(cloud))
        .map(m -> Desired.of(m.dependent(), cloud, context))
        .forEach(
            object ->
                podTemplate(object)
                    .ifPresent(
                        t -> pods.put(object.getKind() + "/" + object.getMetadata().getName(), t)));
    return pods;
  }

  private static Optional<PodTemplateSpec> podTemplate(HasMetadata object) {
    if (object instanceof Deployment d) {
      return Optional.of(d.getSpec().getTemplate());
    } else if (object instanceof StatefulSet s) {
      return Optional.of(s.getSpec().getTemplate());
    } else if (object instanceof DaemonSet d) {
      return Optional.of(d.getSpec().getTemplate());
    } else if (object instanceof Job j) {
      return Optional.of(j.getSpec().getTemplate());
    } else if (object instanceof CronJob c) {
      return Optional.of(c.getSpec().getJobTemplate().getSpec().getTemplate());
    }
    return Optional.empty();
  }

  private static Secret secret(String name, String... keys) {
    var data =
        Stream.of(keys)
            .collect(
                Collectors.toMap(
                    k -> k,
                    k -> Base64.getEncoder().encodeToString(("value-of-" + k).getBytes()),
                    (a, b) -> a,
                    LinkedHashMap::new));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withData(data)
        .build();
  }

  /** A Context whose caches hold {@code secondaries} and nothing else: all desired() may read. */
  @SuppressWarnings("unchecked")
  private static Context<OpenStackCloud> contextWith(HasMetadata... secondaries) {
    return (Context<OpenStackCloud>)
        Proxy.newProxyInstance(
            NovaPodsTest.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getSecondaryResources" ->
                      Stream.of(secondaries)
                          .filter(((Class<?>) args[0])::isInstance)
                          .collect(Collectors.toSet());
                  case "getSecondaryResourcesAsStream" ->
                      Stream.of(secondaries).filter(((Class<?>) args[0])::isInstance);
                  default ->
                      throw new UnsupportedOperationException(
                          "desired() must not call Context." + method.getName());
                });
  }
}
