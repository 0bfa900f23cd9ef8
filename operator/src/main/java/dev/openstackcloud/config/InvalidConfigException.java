package dev.openstackcloud.config;

/**
 * A config override that cannot be rendered safely. Shown in status as Degraded, reason
 * InvalidConfig.
 */
public class InvalidConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String message) {
    super(message);
  }

  /**
   * A user's name as a message shows it: on one line (control characters escaped, so status, Events
   * and the log cannot be given lines of the user's making) and at most 40 characters.
   */
  public static String shown(String name) {
    var out = new StringBuilder();
    name.codePoints()
        .limit(40)
        .forEach(
            c -> {
              if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return name.codePointCount(0, name.length()) > 40 ? out + "…" : out.toString();
  }
}
