package dev.openstackcloud.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.kube.JobDependent;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.testing.Clouds;
import dev.openstackcloud.testing.LocalCluster;
import dev.openstackcloud.testing.LocalCluster.TestNamespace;
import dev.openstackcloud.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** kill -9 of the operator process while a cloud comes up; a fresh process finishes the job cleanly. */
@ExtendWith(LocalCluster.class)
class OperatorKilledIT {

  @Test
  void aFreshProcessConvergesWithoutDuplicatesNewPasswordsOrOrphanedJobs(KubernetesClient client, TestNamespace ns) throws Exception {
    var cloud = Clouds.sample(client, "minimal.yaml", ns.name());
    Map<String, String> passwords;
    try (var first = OperatorProcess.start("killed-first", Map.of("WATCH_NAMESPACES", ns.name()))) {
      client.resource(cloud).create();
      // mid-convergence: credentials generated, a Job of the database setup running, not Ready
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
          .until(() -> !jobs(client, ns.name()).isEmpty());
      assertThat(Clouds.isReady(Clouds.get(client, cloud))).as("killed before Ready").isFalse();
      first.kill9();
      passwords = secret(client, ns.name(), CloudCredentials.NAME).getData();
      assertThat(passwords).isNotEmpty();
    }

    try (var second = OperatorProcess.start("killed-second", Map.of("WATCH_NAMESPACES", ns.name()))) {
      Clouds.awaitReady(client, cloud, Duration.ofMinutes(4));
      assertThat(second.reconcileFailures()).as("failed reconciles of the second process").isZero();
    }

    assertThat(secret(client, ns.name(), CloudCredentials.NAME).getData()).as("passwords after the crash").isEqualTo(passwords);
    // one Job per task (no orphan of an earlier generation), every one complete
    var jobs = jobs(client, ns.name());
    assertThat(jobs.stream().collect(Collectors.groupingBy(j -> j.getMetadata().getLabels().get(JobDependent.TASK_LABEL), Collectors.counting())))
        .as("Jobs per task").allSatisfy((task, count) -> assertThat(count).as(task).isEqualTo(1L));
    assertThat(jobs).allSatisfy(j -> assertThat(j.getStatus().getSucceeded()).as(j.getMetadata().getName()).isEqualTo(1));
    // no duplicate workloads: one per (name, component)
    Function<HasMetadata, String> role = o -> o.getMetadata().getLabels().get(Labels.NAME) + "/" + o.getMetadata().getLabels().get(Labels.COMPONENT);
    var workloads = Stream.concat(
        client.apps().deployments().inNamespace(ns.name()).withLabel(Labels.MANAGED_BY, Labels.OPERATOR).list().getItems().stream().map(d -> (HasMetadata) d),
        client.apps().statefulSets().inNamespace(ns.name()).withLabel(Labels.MANAGED_BY, Labels.OPERATOR).list().getItems().stream().map(s -> (HasMetadata) s))
        .toList();
    assertThat(workloads).extracting(o -> o.getKind() + " " + role.apply(o)).doesNotHaveDuplicates();
    assertThat(workloads).extracting(o -> o.getKind() + " " + o.getMetadata().getName()).contains("Deployment keystone", "StatefulSet mariadb");
  }

  private static java.util.List<Job> jobs(KubernetesClient client, String ns) {
    return client.batch().v1().jobs().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.OPERATOR).list().getItems();
  }

  private static Secret secret(KubernetesClient client, String ns, String name) {
    return client.secrets().inNamespace(ns).withName(name).get();
  }

}
