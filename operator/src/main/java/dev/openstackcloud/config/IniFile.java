package dev.openstackcloud.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An oslo.config style INI file: ordered sections of ordered options. Values are single lines, so a
 * value can never open a section of its own; {@link #render()} refuses anything else.
 */
public final class IniFile {
  private static final Pattern SECTION = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Pattern OPTION = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

  /** Sets {@code option} in {@code section}, replacing an earlier value. */
  public IniFile set(String section, String option, Object value) {
    sections
        .computeIfAbsent(section, s -> new LinkedHashMap<>())
        .put(option, String.valueOf(value));
    return this;
  }

  /** Merges user overrides on top: they win over what the operator set. */
  public IniFile merge(Map<String, Map<String, String>> overrides) {
    if (overrides != null) {
      overrides.forEach(
          (section, options) -> {
            if (options != null) {
              options.forEach((option, value) -> set(section, option, value));
            }
          });
    }
    return this;
  }

  public String get(String section, String option) {
    var s = sections.get(section);
    return s == null ? null : s.get(option);
  }

  /**
   * The file text. Throws {@link InvalidConfigException} for names or values that could inject
   * lines.
   */
  public String render() {
    var out = new StringBuilder();
    sections.forEach(
        (section, options) -> {
          require(
              SECTION.matcher(section).matches(),
              "section name [" + InvalidConfigException.shown(section) + "] is not allowed");
          if (out.length() > 0) {
            out.append('\n');
          }
          out.append('[').append(section).append("]\n");
          options.forEach(
              (option, value) -> {
                require(
                    OPTION.matcher(option).matches(),
                    "option name "
                        + InvalidConfigException.shown(option)
                        + " in ["
                        + section
                        + "] is not allowed");
                require(
                    value.indexOf('\n') < 0 && value.indexOf('\r') < 0,
                    "value of " + section + "." + option + " spans several lines");
                out.append(option).append(" = ").append(value).append('\n');
              });
        });
    return out.toString();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new InvalidConfigException(message);
    }
  }
}
