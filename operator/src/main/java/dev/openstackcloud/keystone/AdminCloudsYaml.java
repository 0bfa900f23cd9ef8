package dev.openstackcloud.keystone;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.credentials.GeneratedSecret;
import dev.openstackcloud.kube.CloudDependent;
import dev.openstackcloud.kube.Secondaries;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** A clouds.yaml with the admin credentials, for the openstack CLI inside the cluster. */
public class AdminCloudsYaml extends CloudDependent<Secret> {
  public AdminCloudsYaml() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var credentials = Secondaries.require(context, Secret.class, CloudCredentials.NAME);
    var yaml = render(cloud, GeneratedSecret.value(credentials, CloudCredentials.ADMIN));
    return new SecretBuilder()
        .withMetadata(
            meta(cloud, Keystone.adminCloudsYamlSecret(cloud), Keystone.APP, "admin-credentials"))
        .withType("Opaque")
        .withData(
            Map.of(
                "clouds.yaml",
                Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  public static String render(OpenStackCloud cloud, String adminPassword) {
    var keystone = cloud.getSpec().getServices().getKeystone();
    return String.join(
        "\n",
        "clouds:",
        "  " + cloud.getMetadata().getName() + ":",
        "    auth:",
        "      auth_url: " + Keystone.internalUrl(cloud),
        "      username: " + Keystone.ADMIN_USER,
        "      password: \"" + adminPassword + "\"",
        "      project_name: " + Keystone.ADMIN_PROJECT,
        "      user_domain_name: Default",
        "      project_domain_name: Default",
        "    region_name: " + keystone.getRegion(),
        "    interface: internal",
        "    identity_api_version: 3",
        "");
  }
}
