package dev.openstackcloud.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openstackcloud.api.v1alpha1.spec.HorizonSpec;
import dev.openstackcloud.bench.FullCloudDesiredState;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.keystone.Keystone;
import dev.openstackcloud.testing.Golden;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which pod reads which Secret, for every pod template of a whole cloud (config/samples/full.yaml
 * with Horizon, and the fake hypervisors of ci-fake.yaml): secret and projected volumes, env
 * secretKeyRef and envFrom. The rules below say who may read what; the golden file holds the whole
 * map, so any new reader is reviewed.
 */
class SecretMountsTest {
  /** The service a config Secret belongs to, by name prefix: nova-compute-config is nova's. */
  private static final List<String> SERVICES =
      List.of(
          "mariadb",
          "rabbitmq",
          "memcached",
          "keystone",
          "glance",
          "placement",
          "nova",
          "neutron",
          "openvswitch",
          "horizon");

  /**
   * Keys of openstack-credentials that only a database-creating Job (and MariaDB itself) may read.
   */
  private static final Set<String> DATABASE_KEYS =
      Set.of(CloudCredentials.DATABASE_ROOT, CloudCredentials.KEYSTONE_DATABASE);

  /**
   * workload -> Secret -> the uses ("volume kolla-config: keystone.conf", "env OS_PASSWORD:
   * admin-password").
   */
  private static SortedMap<String, SortedMap<String, Set<String>>> readers;

  @BeforeAll
  static void build() {
    var full = FullCloudDesiredState.sample("full.yaml");
    full.getSpec().getServices().setHorizon(new HorizonSpec());
    readers = secretsByWorkload(new FullCloudDesiredState(full).podTemplates());
    // the fake hypervisors replace libvirt's DaemonSet; everything else is the same as above
    secretsByWorkload(
            new FullCloudDesiredState(FullCloudDesiredState.sample("ci-fake.yaml")).podTemplates())
        .forEach(readers::putIfAbsent);
  }

  @Test
  void theWholeMapIsReviewed() {
    assertThat(readers)
        .containsKeys(
            "StatefulSet/nova-compute-fake",
            "DaemonSet/nova-compute",
            "Deployment/horizon",
            "Job/keystone-bootstrap");
    var out =
        new StringBuilder(
            "# Secret readers of every pod template of a whole cloud: SecretMountsTest (-Dosc.update=true refreshes)\n");
    readers.forEach(
        (workload, secrets) -> {
          out.append(workload).append('\n');
          secrets.forEach(
              (secret, uses) ->
                  uses.forEach(
                      use ->
                          out.append("  ").append(secret).append(" (").append(use).append(")\n")));
        });
    Golden.assertMatches("security/secret-mounts.txt", out.toString());
  }

  @Test
  void aConfigSecretIsReadOnlyByItsOwnServicesPods() {
    readers.forEach(
        (workload, secrets) ->
            secrets.keySet().stream()
                .filter(s -> s.endsWith("-config"))
                .forEach(
                    secret ->
                        assertThat(service(workload))
                            .as("%s reads %s", workload, secret)
                            .isEqualTo(service(secret))));
  }

  @Test
  void theAdminPasswordOnlyWhereKeystoneIsBootstrappedOrServicesRegistered() {
    assertThat(
            workloadsReading(
                (secret, use) ->
                    secret.equals(CloudCredentials.NAME)
                        && use.endsWith(": " + CloudCredentials.ADMIN)))
        .as("readers of the admin password")
        .allMatch(w -> w.equals("Job/keystone-bootstrap") || w.endsWith("-keystone-registration"))
        .contains("Job/keystone-bootstrap", "Job/glance-keystone-registration");
    assertThat(workloadsReading((secret, use) -> secret.endsWith("-admin-clouds-yaml")))
        .as("pods with the admin clouds.yaml (it is for the openstack CLI only)")
        .isEmpty();
  }

  @Test
  void generatedCredentialsOnlyInJobsThatCreateDatabasesOrUsersEachItsOwnKeys() {
    // openstack-credentials: the database root password and Keystone's own database password for
    // db-create Jobs (MariaDB itself sets the root password); the admin password checked above
    readers.forEach(
        (workload, secrets) -> {
          var uses = secrets.getOrDefault(CloudCredentials.NAME, Set.of());
          uses.stream()
              .filter(use -> !use.endsWith(": " + CloudCredentials.ADMIN))
              .forEach(
                  use -> {
                    assertThat(workload)
                        .as("%s reads %s (%s)", workload, CloudCredentials.NAME, use)
                        .matches(
                            w -> w.endsWith("-db-create") || w.equals("StatefulSet/mariadb"),
                            "a db-create Job or MariaDB");
                    var keys =
                        workload.equals("StatefulSet/mariadb")
                            ? Set.of(CloudCredentials.DATABASE_ROOT)
                            : DATABASE_KEYS;
                    assertThat(keys)
                        .as("key of %s in %s", use, workload)
                        .anyMatch(k -> use.endsWith(": " + k));
                    assertThat(use).as("%s in %s", use, workload).startsWith("env ");
                  });
        });
    // <service>-credentials: only its own service's Jobs that create its database or its Keystone
    // user
    readers.forEach(
        (workload, secrets) ->
            secrets.keySet().stream()
                .filter(s -> s.endsWith("-credentials") && !s.equals(CloudCredentials.NAME))
                .forEach(
                    secret -> {
                      assertThat(workload)
                          .as("%s reads %s", workload, secret)
                          .matches(
                              w -> w.endsWith("-db-create") || w.endsWith("-keystone-registration"),
                              "a db-create or registration Job");
                      assertThat(service(workload))
                          .as("%s reads %s", workload, secret)
                          .isEqualTo(service(secret));
                    }));
  }

  @Test
  void keystonesTokenKeysOnlyInTheApiAndBootstrapCredentialKeysOnlyInTheApi() {
    assertThat(
            workloadsReading(
                (secret, use) -> secret.equals(Keystone.KEYS_SECRET) && use.contains("fernet-")))
        .containsExactlyInAnyOrder("Deployment/keystone", "Job/keystone-bootstrap");
    assertThat(
            workloadsReading(
                (secret, use) ->
                    secret.equals(Keystone.KEYS_SECRET) && use.contains("credential-")))
        .containsExactly("Deployment/keystone");
  }

  @Test
  void everySecretVolumeNamesItsItemsOrIsTheServicesOwnConfig() {
    // a whole Secret mounted is fine only for a config Secret read by its own service (checked
    // above)
    readers.forEach(
        (workload, secrets) ->
            secrets.forEach(
                (secret, uses) ->
                    uses.stream()
                        .filter(u -> u.endsWith(": every key"))
                        .forEach(
                            use ->
                                assertThat(secret)
                                    .as("%s mounts all of %s (%s)", workload, secret, use)
                                    .endsWith("-config"))));
  }

  private static Set<String> workloadsReading(BiPredicate<String, String> secretAndUse) {
    return readers.entrySet().stream()
        .filter(
            e ->
                e.getValue().entrySet().stream()
                    .anyMatch(
                        s -> s.getValue().stream().anyMatch(u -> secretAndUse.test(s.getKey(), u))))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The service of a workload (Job/nova-api-db-create) or Secret (nova-compute-config), by its
   * name's prefix.
   */
  private static String service(String name) {
    var bare = name.substring(name.indexOf('/') + 1);
    return SERVICES.stream()
        .filter(s -> bare.equals(s) || bare.startsWith(s + "-"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no service for " + name + "; add it to SERVICES"));
  }

  static SortedMap<String, SortedMap<String, Set<String>>> secretsByWorkload(
      Map<String, PodSpec> pods) {
    var map = new TreeMap<String, SortedMap<String, Set<String>>>();
    pods.forEach((workload, pod) -> map.put(workload, secretsOf(pod)));
    return map;
  }

  /** Secret -> how {@code pod} reads it. */
  static SortedMap<String, Set<String>> secretsOf(PodSpec pod) {
    var uses = new TreeMap<String, Set<String>>();
    BiPredicate<String, String> add =
        (secret, use) -> uses.computeIfAbsent(secret, s -> new TreeSet<>()).add(use);
    for (Volume v : orEmpty(pod.getVolumes())) {
      if (v.getSecret() != null) {
        add.test(
            v.getSecret().getSecretName(),
            "volume " + v.getName() + ": " + keys(v.getSecret().getItems()));
      }
      if (v.getProjected() != null) {
        v.getProjected().getSources().stream()
            .filter(s -> s.getSecret() != null)
            .forEach(
                s ->
                    add.test(
                        s.getSecret().getName(),
                        "projected volume " + v.getName() + ": " + keys(s.getSecret().getItems())));
      }
    }
    Stream.concat(orEmpty(pod.getInitContainers()).stream(), orEmpty(pod.getContainers()).stream())
        .forEach(
            (Container c) -> {
              for (EnvVar env : orEmpty(c.getEnv())) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                  add.test(
                      env.getValueFrom().getSecretKeyRef().getName(),
                      "env "
                          + env.getName()
                          + ": "
                          + env.getValueFrom().getSecretKeyRef().getKey());
                }
              }
              for (EnvFromSource from : orEmpty(c.getEnvFrom())) {
                if (from.getSecretRef() != null) {
                  add.test(
                      from.getSecretRef().getName(), "envFrom in " + c.getName() + ": every key");
                }
              }
            });
    orEmpty(pod.getImagePullSecrets()).forEach(r -> add.test(r.getName(), "imagePullSecret"));
    return uses;
  }

  private static String keys(List<KeyToPath> items) {
    return items == null || items.isEmpty()
        ? "every key"
        : items.stream().map(KeyToPath::getKey).sorted().collect(Collectors.joining(", "));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
