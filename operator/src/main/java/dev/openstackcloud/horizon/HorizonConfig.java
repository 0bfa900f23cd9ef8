package dev.openstackcloud.horizon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.cache.Cache;
import dev.openstackcloud.config.InvalidConfigException;
import dev.openstackcloud.config.KollaConfig;
import dev.openstackcloud.credentials.GeneratedSecret;
import dev.openstackcloud.keystone.Keystone;
import dev.openstackcloud.kolla.ApacheWsgi;
import dev.openstackcloud.kolla.ConfigSecret;
import dev.openstackcloud.kube.Secondaries;
import dev.openstackcloud.openstack.ServiceCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Horizon's Django settings and Apache site. The settings are a snippet in local_settings.d, which
 * Horizon runs after the image's own local_settings.py (kolla-ansible's way too), so the image's
 * defaults stay and ours win. Overrides come from services.horizon.config section {@code
 * local_settings}: each option becomes {@code NAME = "value"}, the value a JSON string literal
 * (valid Python), so an override can set a string but never inject code.
 */
public class HorizonConfig extends ConfigSecret {
  static final String SECTION = "local_settings";
  static final String SNIPPET = "_9999-openstack-cloud-operator.py";
  static final String SITE_PACKAGES = "/var/lib/kolla/venv/lib/python3/site-packages";

  /**
   * Django's STATIC_ROOT as Horizon computes it, where the image's start-up collects the static
   * files.
   */
  static final String STATIC_ROOT = SITE_PACKAGES + "/static";

  private static final Pattern SETTING = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
  private static final ObjectMapper JSON = new ObjectMapper();

  public HorizonConfig() {
    super(Horizon.APP);
  }

  @Override
  public Map<String, String> files(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var own = Secondaries.require(context, Secret.class, ServiceCredentials.nameFor(Horizon.APP));
    return render(cloud, GeneratedSecret.value(own, Horizon.SECRET_KEY));
  }

  public static Map<String, String> render(OpenStackCloud cloud, String secretKey) {
    var memcached =
        Arrays.stream(Cache.servers(cloud).split(",")).map(HorizonConfig::literal).toList();
    var settings =
        new StringBuilder()
            .append(
                "# Rendered by openstack-cloud-operator; overrides from services.horizon.config.local_settings come last.\n")
            .append("DEBUG = False\n")
            // the image's start-up runs collectstatic and compress when the settings change; Apache
            // serves what they wrote, so a page needs no compression at request time
            .append("COMPRESS_OFFLINE = True\n")
            .append("ALLOWED_HOSTS = ['*']\n")
            .append("SECRET_KEY = ")
            .append(literal(secretKey))
            .append('\n')
            .append("SESSION_ENGINE = 'django.contrib.sessions.backends.cache'\n")
            .append(
                "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.memcached.PyMemcacheCache', 'LOCATION': [")
            .append(String.join(", ", memcached))
            .append("]}}\n")
            .append("OPENSTACK_KEYSTONE_URL = ")
            .append(literal(Keystone.internalUrl(cloud)))
            .append('\n')
            .append("OPENSTACK_KEYSTONE_DEFAULT_DOMAIN = 'Default'\n")
            .append("OPENSTACK_ENDPOINT_TYPE = 'internalURL'\n")
            .append("TIME_ZONE = 'UTC'\n");
    var overrides = Horizon.spec(cloud).getConfig();
    if (overrides != null) {
      for (var section : overrides.entrySet()) {
        if (!SECTION.equals(section.getKey())) {
          throw new InvalidConfigException(
              "horizon takes overrides only in section "
                  + SECTION
                  + ", not ["
                  + InvalidConfigException.shown(section.getKey())
                  + "]");
        }
        for (var option : section.getValue().entrySet()) {
          if (!SETTING.matcher(option.getKey()).matches()) {
            throw new InvalidConfigException(
                "horizon setting "
                    + InvalidConfigException.shown(option.getKey())
                    + " is not an upper-case Django setting name");
          }
          settings
              .append(option.getKey())
              .append(" = ")
              .append(literal(option.getValue()))
              .append('\n');
        }
      }
    }
    var files = new LinkedHashMap<String, String>();
    files.put(
        "config.json",
        new KollaConfig("/usr/sbin/apache2 -DFOREGROUND")
            .file(
                SNIPPET, "/etc/openstack-dashboard/local_settings.d/" + SNIPPET, "horizon", "0600")
            .file("horizon.conf", "/etc/apache2/conf-enabled/horizon.conf", "horizon", "0600")
            .render());
    files.put(SNIPPET, settings.toString());
    // with DEBUG off Django serves no static files: Apache does, from STATIC_ROOT
    files.put(
        "horizon.conf",
        ApacheWsgi.siteWithStatic(
            Horizon.PORT,
            "horizon",
            "horizon",
            SITE_PACKAGES + "/openstack_dashboard/wsgi.py",
            2,
            "/static",
            STATIC_ROOT));
    return files;
  }

  /** A Python string literal: JSON's escaping is valid Python for strings. */
  private static String literal(String value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
