package dev.openstackcloud.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import dev.openstackcloud.testing.Tools;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart as a user meets it: lint, render, and a server-side dry-run on a real API server.
 */
@ExtendWith(LocalCluster.class)
class HelmChartIT {
  private static final String CHART = "charts/openstack-cloud-operator";
  private static final String FULLNAME = "osc-openstack-cloud-operator";

  @ParameterizedTest(name = "helm lint {0}")
  @ValueSource(
      strings = {
        "",
        "--set replicas=2 --set watchNamespaces={a,b} --set metrics.serviceMonitor.enabled=true",
        "--set operator.enabled=false",
      })
  void lintIsClean(String values) {
    var args = new java.util.ArrayList<>(List.of("lint", "--strict", CHART));
    if (!values.isEmpty()) {
      args.addAll(List.of(values.split(" ")));
    }
    var result = Tools.helm(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("1 chart(s) linted, 0 chart(s) failed")
        .doesNotContain("[WARNING]", "[ERROR]");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "replicas=-1",
        "image.pullPolicy=Sometimes",
        "watchNamespaces={Bad_Name}",
        "replica=2",
        "logLevel=LOUD"
      })
  void valuesOutsideTheSchemaAreRefused(String value) {
    var result = Tools.helm("lint", CHART, "--set", value);
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("values don't meet the specifications of the schema");
  }

  @Test
  void defaultsPassAServerSideDryRun(TestNamespace ns) {
    var yaml = Tools.helmTemplate("osc", ns.name(), "--include-crds");
    var result = dryRun(yaml);
    assertThat(result)
        .contains(
            "customresourcedefinition.apiextensions.k8s.io/openstackclouds.openstackcloud.dev serverside-applied (server dry run)",
            "serviceaccount/" + FULLNAME + " serverside-applied (server dry run)",
            "clusterrole.rbac.authorization.k8s.io/"
                + FULLNAME
                + " serverside-applied (server dry run)",
            "clusterrolebinding.rbac.authorization.k8s.io/"
                + FULLNAME
                + " serverside-applied (server dry run)",
            "service/" + FULLNAME + "-metrics serverside-applied (server dry run)",
            "deployment.apps/" + FULLNAME + " serverside-applied (server dry run)");

    var objects = Tools.parse(yaml);
    var deployment = Tools.find(objects, Deployment.class, FULLNAME);
    assertThat(env(deployment))
        .containsEntry("WATCH_NAMESPACES", "")
        .containsEntry("LEADER_ELECTION", "false")
        .containsEntry("OPERATOR_HTTP_PORT", "8080")
        .containsEntry("LOG_LEVEL", "INFO");
    assertThat(deployment.getSpec().getStrategy().getType())
        .as("one replica without leader election must not overlap a rollout")
        .isEqualTo("Recreate");
    assertThat(objects).noneMatch(o -> o instanceof Role).noneMatch(o -> o instanceof RoleBinding);
    var clusterRole = Tools.find(objects, ClusterRole.class, FULLNAME);
    assertThat(Rbac.atoms(clusterRole.getRules()))
        .contains(
            "openstackcloud.dev/openstackclouds:watch",
            "apps/statefulsets:patch",
            "/nodes:list",
            "/persistentvolumeclaims:delete",
            "/events:create",
            "openstackcloud.dev/openstackclouds/status:patch");
  }

  @Test
  void watchedNamespacesAndTwoReplicasPassAServerSideDryRun(
      KubernetesClient client, TestNamespace ns) {
    var other = ns.name() + "-b";
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build())
        .create();
    try {
      var yaml =
          Tools.helmTemplate(
              "osc",
              ns.name(),
              "--set",
              "replicas=2",
              "--set",
              "watchNamespaces={" + ns.name() + "," + other + "}");
      var result = dryRun(yaml);
      assertThat(result)
          .contains(
              "role.rbac.authorization.k8s.io/" + FULLNAME + " serverside-applied (server dry run)",
              "role.rbac.authorization.k8s.io/"
                  + FULLNAME
                  + "-leader-election serverside-applied (server dry run)");

      var objects = Tools.parse(yaml);
      var deployment = Tools.find(objects, Deployment.class, FULLNAME);
      assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
      assertThat(env(deployment))
          .containsEntry("WATCH_NAMESPACES", ns.name() + "," + other)
          .containsEntry("LEADER_ELECTION", "true");
      assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");

      var roles =
          objects.stream()
              .filter(o -> o instanceof Role r && r.getMetadata().getName().equals(FULLNAME))
              .map(Role.class::cast)
              .toList();
      assertThat(roles)
          .extracting(r -> r.getMetadata().getNamespace())
          .containsExactlyInAnyOrder(ns.name(), other);
      var bindings =
          objects.stream()
              .filter(o -> o instanceof RoleBinding b && b.getMetadata().getName().equals(FULLNAME))
              .map(RoleBinding.class::cast)
              .toList();
      assertThat(bindings)
          .extracting(b -> b.getMetadata().getNamespace())
          .containsExactlyInAnyOrder(ns.name(), other);
      assertThat(bindings)
          .allSatisfy(
              b ->
                  assertThat(b.getSubjects())
                      .singleElement()
                      .satisfies(
                          s ->
                              assertThat(s.getNamespace() + "/" + s.getName())
                                  .isEqualTo(ns.name() + "/" + FULLNAME)));

      var clusterRole = Tools.find(objects, ClusterRole.class, FULLNAME);
      assertThat(clusterRole.getRules())
          .as("only what has no namespace stays cluster-wide")
          .flatExtracting(r -> r.getResources())
          .containsExactlyInAnyOrder("nodes", "customresourcedefinitions");
      var defaults =
          Tools.find(
              Tools.parse(Tools.helmTemplate("osc", ns.name())), ClusterRole.class, FULLNAME);
      assertThat(Rbac.atoms(roles.get(0).getRules()))
          .as("a watched namespace gets what the all-namespaces ClusterRole grants there")
          .isEqualTo(
              Rbac.minus(Rbac.atoms(defaults.getRules()), Rbac.atoms(clusterRole.getRules())));

      var lease = Tools.find(objects, Role.class, FULLNAME + "-leader-election");
      assertThat(lease.getMetadata().getNamespace()).isEqualTo(ns.name());
      assertThat(Rbac.atoms(lease.getRules()))
          .containsExactlyInAnyOrder(
              "coordination.k8s.io/leases:create",
              "coordination.k8s.io/leases:get[openstack-cloud-operator-lock]",
              "coordination.k8s.io/leases:update[openstack-cloud-operator-lock]",
              "coordination.k8s.io/leases:patch[openstack-cloud-operator-lock]");
    } finally {
      client.namespaces().withName(other).delete();
    }
  }

  @Test
  void operatorPodIsHardened() {
    var deployment =
        Tools.find(
            Tools.parse(Tools.helmTemplate("osc", "osc-system")), Deployment.class, FULLNAME);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getServiceAccountName()).isEqualTo(FULLNAME);
    var container = pod.getContainers().get(0);
    var sc = container.getSecurityContext();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            p -> assertThat(p.getName() + ":" + p.getContainerPort()).isEqualTo("http:8080"));
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
  }

  @Test
  void imageDefaultsToTheAppVersionWithoutARegistryHost() {
    var deployment =
        Tools.find(
            Tools.parse(Tools.helmTemplate("osc", "osc-system")), Deployment.class, FULLNAME);
    var image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    assertThat(image).isEqualTo("openstack-cloud-operator:0.1.0");
    assertThat(DockerfileIT.hasRegistryHost(image)).isFalse();

    var custom =
        Tools.find(
            Tools.parse(
                Tools.helmTemplate(
                    "osc",
                    "osc-system",
                    "--set",
                    "image.repository=mirror.example/osc/operator",
                    "--set",
                    "image.tag=dev",
                    "--set",
                    "logLevel=DEBUG",
                    "--set",
                    "extraEnv[0].name=JAVA_TOOL_OPTIONS",
                    "--set",
                    "extraEnv[0].value=-Xss1m",
                    "--set",
                    "nodeSelector.role=ops")),
            Deployment.class,
            FULLNAME);
    var pod = custom.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getImage()).isEqualTo("mirror.example/osc/operator:dev");
    assertThat(env(custom))
        .containsEntry("LOG_LEVEL", "DEBUG")
        .containsEntry("JAVA_TOOL_OPTIONS", "-Xss1m");
    assertThat(pod.getNodeSelector()).containsEntry("role", "ops");
  }

  @Test
  void withoutTheOperatorOnlyTheCrdIdentityAndRbacAreInstalled() {
    var objects =
        Tools.parse(
            Tools.helmTemplate(
                "osc", "osc-system", "--include-crds", "--set", "operator.enabled=false"));
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "CustomResourceDefinition", "ServiceAccount", "ClusterRole", "ClusterRoleBinding");
  }

  @Test
  void serviceMonitorOnlyWhenAskedAndItScrapesTheMetricsService() {
    assertThat(Tools.parse(Tools.helmTemplate("osc", "osc-system")))
        .noneMatch(o -> o.getKind().equals("ServiceMonitor"));

    var objects =
        Tools.parse(
            Tools.helmTemplate(
                "osc",
                "osc-system",
                "--set",
                "metrics.serviceMonitor.enabled=true",
                "--set",
                "metrics.serviceMonitor.labels.release=prometheus"));
    var monitor =
        (GenericKubernetesResource)
            objects.stream()
                .filter(o -> o.getKind().equals("ServiceMonitor"))
                .findFirst()
                .orElseThrow();
    var service = Tools.find(objects, Service.class, FULLNAME + "-metrics");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e)
                  .containsEntry("port", service.getSpec().getPorts().get(0).getName())
                  .containsEntry("path", "/metrics");
            });
    var deployment = Tools.find(objects, Deployment.class, FULLNAME);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
  }

  private static String dryRun(String yaml) {
    var result =
        LocalCluster.kubectl(
            yaml,
            "apply",
            "--server-side",
            "--dry-run=server",
            "--field-manager=osc-install-test",
            // LocalCluster applied the CRD already, as another field manager: a dry run may take it
            // over
            "--force-conflicts",
            "-f",
            "-");
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output();
  }

  static Map<String, String> env(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
  }
}
