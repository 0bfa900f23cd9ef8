package dev.openstackcloud.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.credentials.GeneratedSecret;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.kube.Secondaries;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * rabbitmq.conf and the definitions that create the OpenStack user, for the Kolla rabbitmq
 * container.
 */
public class MessagingConfig extends ConfigSecret {
  // Sorted keys: the file, and so the pods' config hash, must not depend on the JVM's map order.
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  public MessagingConfig() {
    super(Messaging.APP);
  }

  @Override
  public Map<String, String> files(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var credentials = Secondaries.require(context, Secret.class, CloudCredentials.NAME);
    return render(GeneratedSecret.value(credentials, CloudCredentials.MESSAGING));
  }

  public static Map<String, String> render(String password) {
    var files = new LinkedHashMap<String, String>();
    // The broker's own script, not Debian's /usr/sbin wrapper, which sends its output to files
    // under /var/log/rabbitmq; the script stops the broker cleanly on SIGTERM.
    files.put(
        "config.json",
        new KollaConfig("/usr/lib/rabbitmq/bin/rabbitmq-server")
            .file("rabbitmq.conf", "/etc/rabbitmq/rabbitmq.conf", "rabbitmq", "0600")
            .file("definitions.json", "/etc/rabbitmq/definitions.json", "rabbitmq", "0600")
            .permission("/var/lib/rabbitmq", "rabbitmq:rabbitmq", true)
            .render());
    files.put(
        "rabbitmq.conf",
        String.join(
            "\n",
            "listeners.tcp.default = " + Messaging.PORT,
            "loopback_users.guest = true",
            "definitions.import_backend = local_filesystem",
            "definitions.local.path = /etc/rabbitmq/definitions.json",
            // the container's output only, so kubectl logs shows the broker's log
            "log.console = true",
            "log.console.level = info",
            "log.file = false",
            ""));
    files.put("definitions.json", definitions(password));
    return files;
  }

  private static String definitions(String password) {
    var defs =
        Map.of(
            "users",
                List.of(
                    Map.of(
                        "name",
                        Messaging.USER,
                        "password_hash",
                        passwordHash(password),
                        "hashing_algorithm",
                        "rabbit_password_hashing_sha256",
                        "tags",
                        "administrator")),
            "vhosts", List.of(Map.of("name", "/")),
            "permissions",
                List.of(
                    Map.of(
                        "user",
                        Messaging.USER,
                        "vhost",
                        "/",
                        "configure",
                        ".*",
                        "write",
                        ".*",
                        "read",
                        ".*")));
    try {
      return JSON.writeValueAsString(new java.util.TreeMap<>(defs)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * RabbitMQ's salted SHA-256 hash: base64(salt ++ sha256(salt ++ password)). The salt is derived
   * from the password so that the rendered file, and so the pods' config hash, is stable.
   */
  static String passwordHash(String password) {
    try {
      var sha = MessageDigest.getInstance("SHA-256");
      var salt =
          Arrays.copyOf(sha.digest(("salt:" + password).getBytes(StandardCharsets.UTF_8)), 4);
      sha.reset();
      sha.update(salt);
      var hash = sha.digest(password.getBytes(StandardCharsets.UTF_8));
      var out = new byte[salt.length + hash.length];
      System.arraycopy(salt, 0, out, 0, salt.length);
      System.arraycopy(hash, 0, out, salt.length, hash.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
