package dev.openstackcloud.keystone;

import dev.openstackcloud.credentials.GeneratedSecret;
import dev.openstackcloud.credentials.Passwords;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fernet token keys and credential encryption keys. Created once and kept with the database: losing
 * the credential keys makes encrypted credentials in the database unreadable.
 */
public class KeystoneKeys extends GeneratedSecret {
  public static final String[] FERNET = {"fernet-0", "fernet-1"};
  public static final String[] CREDENTIAL = {"credential-0", "credential-1"};

  public KeystoneKeys() {
    super(Keystone.KEYS_SECRET);
  }

  @Override
  protected Map<String, String> generate() {
    var keys = new LinkedHashMap<String, String>();
    for (var k : FERNET) {
      keys.put(k, Passwords.fernetKey());
    }
    for (var k : CREDENTIAL) {
      keys.put(k, Passwords.fernetKey());
    }
    return keys;
  }
}
