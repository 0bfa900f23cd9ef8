package dev.openstackcloud.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code config.json} that {@code kolla_start} reads: which command to run and which files to
 * copy from the mounted config directory into place (KOLLA_CONFIG_STRATEGY=COPY_ALWAYS).
 */
public final class KollaConfig {
  /** Where every container mounts its config Secret; kolla_set_configs reads from here. */
  public static final String SOURCE_DIR = "/var/lib/kolla/config_files";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String command;
  private final List<File> files = new ArrayList<>();
  private final List<Permission> permissions = new ArrayList<>();

  public KollaConfig(String command) {
    this.command = command;
  }

  /**
   * Copies {@code source} (a key of the mounted Secret) to {@code dest}, owned by {@code owner}.
   */
  public KollaConfig file(String source, String dest, String owner, String perm) {
    files.add(new File(SOURCE_DIR + "/" + source, dest, owner, perm, null));
    return this;
  }

  /** Copies a mounted directory's contents (absolute {@code source}), merged into {@code dest}. */
  public KollaConfig directory(String source, String dest, String owner, String perm) {
    files.add(new File(source, dest, owner, perm, true));
    return this;
  }

  public KollaConfig permission(String path, String owner, boolean recurse) {
    permissions.add(new Permission(path, owner, recurse));
    return this;
  }

  public String render() {
    try {
      return JSON.writeValueAsString(new Json(command, files, permissions)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record File(String source, String dest, String owner, String perm, Boolean merge) {}

  record Permission(String path, String owner, boolean recurse) {}

  record Json(
      String command,
      @JsonProperty("config_files") List<File> configFiles,
      List<Permission> permissions) {}
}
