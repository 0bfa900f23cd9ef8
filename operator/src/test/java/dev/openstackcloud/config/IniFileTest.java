package dev.openstackcloud.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IniFileTest {
  @Test
  void overridesWinAndKeepTheirSectionOrder() {
    var ini =
        new IniFile()
            .set("DEFAULT", "debug", false)
            .set("database", "max_retries", -1)
            .merge(Map.of("DEFAULT", Map.of("debug", "true"), "cache", Map.of("enabled", "false")));
    assertThat(ini.render())
        .isEqualTo(
            "[DEFAULT]\ndebug = true\n\n[database]\nmax_retries = -1\n\n[cache]\nenabled = false\n");
  }

  @Test
  void aValueCannotOpenASectionOfItsOwn() {
    var ini =
        new IniFile()
            .merge(Map.of("DEFAULT", Map.of("debug", "true\n[database]\nconnection = sqlite://")));
    assertThatThrownBy(ini::render)
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("DEFAULT.debug spans several lines");
  }

  @Test
  void carriageReturnsAreLineBreaksToo() {
    assertThatThrownBy(() -> new IniFile().set("DEFAULT", "x", "a\rb").render())
        .isInstanceOf(InvalidConfigException.class);
  }

  @Test
  void sectionAndOptionNamesAreRestricted() {
    assertThatThrownBy(() -> new IniFile().set("a]\n[b", "k", "v").render())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("section name");
    assertThatThrownBy(() -> new IniFile().set("DEFAULT", "k = v\nx", "v").render())
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("option name");
  }

  /**
   * Found by SpecPropertiesTest: a refused name was quoted as it was, so status, Events and the log
   * showed the user's line breaks.
   */
  @Test
  void aRefusedNameIsShownOnOneLine() {
    assertThatThrownBy(() -> new IniFile().set("DEFAULT", "x\n[forged]", "v").render())
        .hasMessage("option name x\\u000a[forged] in [DEFAULT] is not allowed");
    assertThatThrownBy(() -> new IniFile().set("a]\r\n[b", "k", "v").render())
        .hasMessage("section name [a]\\u000d\\u000a[b] is not allowed");
    assertThat(InvalidConfigException.shown("s".repeat(41))).isEqualTo("s".repeat(40) + "…");
  }
}
