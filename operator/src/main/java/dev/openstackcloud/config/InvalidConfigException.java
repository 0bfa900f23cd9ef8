package dev.openstackcloud.config;

/** A config override that cannot be rendered safely. Shown in status as Degraded, reason InvalidConfig. */
public class InvalidConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String message) {
    super(message);
  }
}
