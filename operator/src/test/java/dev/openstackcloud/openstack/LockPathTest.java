package dev.openstackcloud.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.bench.FullCloudDesiredState;
import dev.openstackcloud.config.KollaConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every container that reads an oslo config with a lock_path can write there: the path is on a
 * volume of the pod (an emptyDir, or the state volume below it), never on a directory of the image
 * the service user may not own. /var/lib/kolla/tmp was root's, and neutron, glance and placement
 * could not create it.
 */
class LockPathTest {
  private static final Pattern LOCK_PATH = Pattern.compile("(?m)^lock_path = (.+)$");

  @ParameterizedTest
  @ValueSource(strings = {"full.yaml", "ci-fake.yaml"})
  void everyLockPathIsOnAWritableVolumeOfItsContainer(String sample) {
    var state = new FullCloudDesiredState(FullCloudDesiredState.sample(sample));
    var lockPaths = lockPathsBySecret(state.build());
    var checked = new ArrayList<String>();
    state
        .podTemplates()
        .forEach(
            (workload, pod) -> {
              var volumes = new HashMap<String, Volume>();
              pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
              Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
                  .forEach(
                      c -> {
                        var config =
                            c.getVolumeMounts().stream()
                                .filter(m -> m.getMountPath().equals(KollaConfig.SOURCE_DIR))
                                .map(m -> volumes.get(m.getName()))
                                .filter(v -> v != null && v.getSecret() != null)
                                .findFirst();
                        var lockPath =
                            config
                                .map(v -> lockPaths.get(v.getSecret().getSecretName()))
                                .orElse(null);
                        if (lockPath == null) {
                          return;
                        }
                        checked.add(workload + "/" + c.getName());
                        assertThat(c.getVolumeMounts())
                            .as("%s/%s writes its locks to %s", workload, c.getName(), lockPath)
                            .anyMatch(
                                m ->
                                    (lockPath + "/").startsWith(m.getMountPath() + "/")
                                        && !Boolean.TRUE.equals(m.getReadOnly())
                                        && writable(volumes.get(m.getName())));
                        assertThat(lockPath)
                            .as("%s/%s", workload, c.getName())
                            .matches("/var/lib/(glance|placement|nova|neutron)/tmp");
                      });
            });
    assertThat(checked)
        .as("containers with a lock path")
        .contains(
            "Deployment/glance/glance",
            "Deployment/placement/placement",
            "Deployment/neutron-server/neutron-server",
            "DaemonSet/neutron-l3-agent/neutron-l3-agent",
            "DaemonSet/neutron-dhcp-agent/neutron-dhcp-agent",
            "Deployment/nova-conductor/nova-conductor");
  }

  /**
   * A volume of the pod, or (not among them) a StatefulSet's claim, that a container can write to.
   */
  private static boolean writable(Volume volume) {
    return volume == null
        || volume.getSecret() == null
            && volume.getConfigMap() == null
            && volume.getProjected() == null;
  }

  /** Config Secret name to the lock_path one of its files sets. */
  private static Map<String, String> lockPathsBySecret(Iterable<HasMetadata> objects) {
    var out = new HashMap<String, String>();
    for (var o : objects) {
      if (o instanceof Secret s && s.getMetadata().getName().endsWith("-config")) {
        s.getData()
            .values()
            .forEach(
                v -> {
                  var m =
                      LOCK_PATH.matcher(
                          new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
                  if (m.find()) {
                    out.put(s.getMetadata().getName(), m.group(1).strip());
                  }
                });
      }
    }
    return out;
  }
}
