package dev.openstackcloud.kolla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.bench.FullCloudDesiredState;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every container of a cloud keeps its Kolla image's entrypoint (dumb-init): a pod command would
 * replace it, and mysqld_safe or RabbitMQ's shell wrapper as PID 1 ignores SIGTERM, so every pod
 * restart ended in SIGKILL (exit 137, an unclean InnoDB shutdown).
 */
class KollaEntrypointTest {
  @ParameterizedTest
  @ValueSource(strings = {"full.yaml", "ci-fake.yaml"})
  void noContainerReplacesTheImagesEntrypoint(String sample) {
    var pods = new FullCloudDesiredState(FullCloudDesiredState.sample(sample)).podTemplates();
    assertThat(pods).containsKeys("StatefulSet/mariadb", "StatefulSet/rabbitmq");
    var containers = new ArrayList<String>();
    pods.forEach(
        (workload, pod) ->
            Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
                .forEach(
                    c -> {
                      containers.add(workload + "/" + c.getName());
                      assertThat(c.getCommand())
                          .as("command of %s/%s", workload, c.getName())
                          .isNullOrEmpty();
                      assertThat(c.getArgs())
                          .as("args of %s/%s", workload, c.getName())
                          .isNotEmpty();
                    }));
    assertThat(containers)
        .contains(
            "StatefulSet/mariadb/bootstrap",
            "StatefulSet/mariadb/mariadb",
            "StatefulSet/rabbitmq/rabbitmq");
  }

  @ParameterizedTest
  @ValueSource(strings = {"full.yaml"})
  void longRunningServersRunKollaStart(String sample) {
    var pods = new FullCloudDesiredState(FullCloudDesiredState.sample(sample)).podTemplates();
    for (var workload :
        new String[] {
          "StatefulSet/mariadb",
          "StatefulSet/rabbitmq",
          "Deployment/keystone",
          "DaemonSet/openvswitch"
        }) {
      assertThat(pods.get(workload).getContainers())
          .as(workload)
          .extracting(Container::getArgs)
          .allMatch(args -> args.equals(java.util.List.of(KollaPod.KOLLA_START)));
    }
  }
}
