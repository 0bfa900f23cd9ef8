package dev.openstackcloud.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;

/**
 * What the benchmark measures is the whole cloud, and building it twice gives the same workloads.
 */
class FullCloudDesiredStateTest {

  @Test
  void buildsEveryObjectOfTheFullCloudAndTheSameEachTime() {
    var state = new FullCloudDesiredState();
    var first = state.build();
    assertThat(first)
        .extracting(HasMetadata::getKind)
        .contains("Secret", "StatefulSet", "Deployment", "DaemonSet", "Job", "CronJob", "Service");
    assertThat(first)
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .doesNotHaveDuplicates()
        .contains("Deployment/keystone", "Deployment/nova", "DaemonSet/nova-compute");
    // generated Secrets draw fresh passwords (the workflow only ever creates them); the rest is a
    // pure function
    var noSecrets = first.stream().filter(o -> !(o instanceof Secret)).toList();
    assertThat(state.build().stream().filter(o -> !(o instanceof Secret)).toList())
        .hasSize(noSecrets.size())
        .isEqualTo(noSecrets);
  }
}
