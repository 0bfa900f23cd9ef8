package dev.openstackcloud.credentials;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets for generated credentials. */
public final class Passwords {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

  private Passwords() {}

  /** A password safe in URLs, INI files and shell words: letters and digits only. */
  public static String password() {
    var sb = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }

  /** A Fernet key: 32 random bytes, URL-safe base64. */
  public static String fernetKey() {
    var bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().encodeToString(bytes);
  }
}
