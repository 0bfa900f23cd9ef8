package dev.openstackcloud.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import dev.openstackcloud.testing.Tools;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kustomize install (config/) renders, passes a server-side dry-run, and grants what the chart
 * grants.
 */
@ExtendWith(LocalCluster.class)
class KustomizeIT {
  private static final String NAMESPACE = "openstack-cloud-operator-system";
  private static final String NAME = "openstack-cloud-operator";

  @Test
  void defaultRendersAndPassesAServerSideDryRun(KubernetesClient client) {
    var yaml = Tools.kustomize("config/default");
    var objects = Tools.parse(yaml);
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "Namespace",
            "CustomResourceDefinition",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment");
    assertThat(objects)
        .filteredOn(o -> !clusterScoped(o))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
    assertThat(Tools.find(objects, ClusterRoleBinding.class, NAME).getSubjects())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.getNamespace() + "/" + s.getName()).isEqualTo(NAMESPACE + "/" + NAME));

    // A dry run creates nothing, not even the Namespace its other objects go into: make it exist.
    boolean created = client.namespaces().withName(NAMESPACE).get() == null;
    if (created) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
    }
    try {
      var result =
          LocalCluster.kubectl(
              yaml,
              "apply",
              "--server-side",
              "--dry-run=server",
              "--field-manager=osc-install-test",
              // LocalCluster applied the CRD already, as another field manager: a dry run may take
              // it over
              "--force-conflicts",
              "-f",
              "-");
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output())
          .contains(
              "customresourcedefinition.apiextensions.k8s.io/openstackclouds.openstackcloud.dev serverside-applied (server dry run)",
              "clusterrole.rbac.authorization.k8s.io/"
                  + NAME
                  + " serverside-applied (server dry run)",
              "deployment.apps/" + NAME + " serverside-applied (server dry run)");
    } finally {
      if (created) {
        client.namespaces().withName(NAMESPACE).delete();
      }
    }
  }

  @Test
  void grantsExactlyWhatTheChartGrants() {
    var chart = Tools.parse(Tools.helmTemplate(NAME, NAMESPACE, "--set", "replicas=2"));
    var kustomize = Tools.parse(Tools.kustomize("config/default"));
    assertThat(Rbac.atoms(Tools.find(kustomize, ClusterRole.class, NAME).getRules()))
        .isEqualTo(Rbac.atoms(Tools.find(chart, ClusterRole.class, NAME).getRules()));
    assertThat(Rbac.atoms(Tools.find(kustomize, Role.class, NAME + "-leader-election").getRules()))
        .isEqualTo(Rbac.atoms(Tools.find(chart, Role.class, NAME + "-leader-election").getRules()));
  }

  @Test
  void runsTheSamePodAsTheChart() throws IOException {
    var chart =
        Tools.find(
            Tools.parse(Tools.helmTemplate(NAME, NAMESPACE, "--set", "replicas=2")),
            Deployment.class,
            NAME);
    var kustomize =
        Tools.find(Tools.parse(Tools.kustomize("config/default")), Deployment.class, NAME);
    var chartPod = chart.getSpec().getTemplate().getSpec();
    var pod = kustomize.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext()).isEqualTo(chartPod.getSecurityContext());
    assertThat(pod.getVolumes()).isEqualTo(chartPod.getVolumes());
    var c = pod.getContainers().get(0);
    var cc = chartPod.getContainers().get(0);
    assertThat(c.getSecurityContext()).isEqualTo(cc.getSecurityContext());
    assertThat(c.getResources()).isEqualTo(cc.getResources());
    assertThat(List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe()))
        .isEqualTo(List.of(cc.getStartupProbe(), cc.getLivenessProbe(), cc.getReadinessProbe()));
    assertThat(c.getPorts()).isEqualTo(cc.getPorts());
    assertThat(c.getVolumeMounts()).isEqualTo(cc.getVolumeMounts());
    assertThat(HelmChartIT.env(kustomize))
        .as("leader election on, so scaling up is safe")
        .isEqualTo(HelmChartIT.env(chart));
    var appVersion =
        Files.readAllLines(Tools.REPO.resolve("charts/openstack-cloud-operator/Chart.yaml"))
            .stream()
            .filter(l -> l.startsWith("appVersion:"))
            .findFirst()
            .orElseThrow()
            .replaceAll("appVersion:\\s*\"?([^\"]*)\"?", "$1");
    assertThat(c.getImage()).isEqualTo("openstack-cloud-operator:" + appVersion);
  }

  @Test
  void samplesKustomizationListsEverySample() throws IOException {
    var listed =
        Tools.parse(Tools.kustomize("config/samples")).stream()
            .map(o -> o.getMetadata().getName())
            .sorted()
            .toList();
    assertThat(listed).hasSize((int) samples().count()).contains("minimal", "ci", "production");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleIsAcceptedByTheApiServer(String sample, TestNamespace ns) {
    var result =
        LocalCluster.kubectl(
            null,
            "apply",
            "--server-side",
            "--dry-run=server",
            "--field-manager=osc-install-test",
            "-n",
            ns.name(),
            "-f",
            Tools.REPO.resolve("config/samples").resolve(sample).toString(),
            "-o",
            "json");
    assertThat(result.exitCode()).as(result.output()).isZero();
    var cloud = new KubernetesSerialization().unmarshal(result.output(), OpenStackCloud.class);
    assertThat(cloud.getSpec().getRelease()).isNotBlank();
    if (sample.equals("production.yaml")) {
      var spec = cloud.getSpec();
      assertThat(spec.getServices().getKeystone().getReplicas()).isGreaterThan(1);
      assertThat(spec.getPlacement().getCompute().getNodeSelector())
          .isEqualTo(Map.of("openstackcloud.dev/compute", "true"));
      assertThat(spec.getPlacement().getNetwork().getNodeSelector())
          .isEqualTo(Map.of("openstackcloud.dev/network", "true"));
      assertThat(spec.getPlacement().getControlPlane().getNodeSelector())
          .isEqualTo(Map.of("openstackcloud.dev/control-plane", "true"));
    }
  }

  static Stream<String> samples() throws IOException {
    try (var files = Files.list(Tools.REPO.resolve("config/samples"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static boolean clusterScoped(HasMetadata o) {
    return List.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding")
        .contains(o.getKind());
  }
}
