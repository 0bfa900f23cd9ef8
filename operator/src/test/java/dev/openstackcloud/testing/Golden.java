package dev.openstackcloud.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden. A difference fails the test; run the tests with
 * -Dosc.update=true (hack/update-generated.sh) to accept the new output, then review the diff.
 */
public final class Golden {
  private static final Path DIR = Path.of("src/test/resources/golden");

  private Golden() {}

  public static void assertMatches(String name, String actual) {
    var file = DIR.resolve(name);
    try {
      if (Boolean.getBoolean("osc.update") || !Files.exists(file)) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual);
      }
      assertThat(actual)
          .as("golden file %s (refresh with -Dosc.update=true)", file)
          .isEqualTo(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
