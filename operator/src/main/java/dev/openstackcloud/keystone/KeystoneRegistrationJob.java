package dev.openstackcloud.keystone;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.kube.JobDependent;
import dev.openstackcloud.openstack.ServiceCredentials;
import dev.openstackcloud.placement.PodPlacement;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Registers a service in Keystone: its service user (admin in project "service"), its catalog entry
 * and internal/public/admin endpoints. Every step checks before it creates, so a re-run (inputs
 * changed: URL, region, image) converges instead of duplicating; passwords come from Secrets
 * through the environment.
 */
public class KeystoneRegistrationJob extends JobDependent {
  /** A catalog entry: name (nova), type (compute), and its URL for a cloud. */
  public record Endpoint(
      String name, String type, String description, Function<OpenStackCloud, String> url) {}

  private final String app;
  private final String user;
  private final List<Endpoint> endpoints;

  public KeystoneRegistrationJob(String app, String user, Endpoint... endpoints) {
    super(app, "keystone-registration");
    this.app = app;
    this.user = user;
    this.endpoints = List.of(endpoints);
  }

  /** Show, else create, else show again: the create of a concurrent registration may have won. */
  private static String shared(String kind, String name, String options) {
    var show = "openstack " + kind + " show " + name + " >/dev/null 2>&1";
    return show
        + " || openstack "
        + kind
        + " create "
        + (options.isEmpty() ? "" : options + " ")
        + name
        + " || "
        + show
        + "\n";
  }

  /** The shell script, pure: every value that varies is an argument or an environment variable. */
  String script(OpenStackCloud cloud) {
    var region = cloud.getSpec().getServices().getKeystone().getRegion();
    var sb =
        new StringBuilder("set -eu\n")
            // The project and the role are shared by every service's registration, and the Jobs run
            // at
            // once: a create that loses the race gets 409 Conflict, and the winner's object will
            // do.
            .append(shared("project", "service", "--domain default"))
            .append("openstack user show ")
            .append(user)
            .append(
                " >/dev/null 2>&1 || openstack user create --domain default --password \"$SERVICE_PASSWORD\" ")
            .append(user)
            .append('\n')
            .append("openstack user set --password \"$SERVICE_PASSWORD\" ")
            .append(user)
            .append('\n')
            .append("openstack role add --project service --user ")
            .append(user)
            .append(" admin\n")
            // service-to-service calls (neutron -> nova events, service tokens) require the service
            // role
            .append(shared("role", "service", ""))
            .append("openstack role add --project service --user ")
            .append(user)
            .append(" service\n");
    for (var e : endpoints) {
      var url = e.url().apply(cloud);
      sb.append("openstack service show ")
          .append(e.name())
          .append(" >/dev/null 2>&1 || openstack service create --name ")
          .append(e.name())
          .append(" --description '")
          .append(e.description())
          .append("' ")
          .append(e.type())
          .append('\n');
      for (var iface : List.of("internal", "public", "admin")) {
        sb.append("id=$(openstack endpoint list --service ")
            .append(e.name())
            .append(" --interface ")
            .append(iface)
            .append(" --region ")
            .append(region)
            .append(" -f value -c ID | head -n1)\n")
            .append("if [ -z \"$id\" ]; then openstack endpoint create --region ")
            .append(region)
            .append(' ')
            .append(e.name())
            .append(' ')
            .append(iface)
            .append(' ')
            .append(url)
            .append("; else openstack endpoint set --url ")
            .append(url)
            .append(" \"$id\"; fi\n");
      }
    }
    return sb.toString();
  }

  @Override
  protected JobSpec spec(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var keystone = cloud.getSpec().getServices().getKeystone();
    var env =
        new ArrayList<EnvVar>(
            List.of(
                KollaPod.env("OS_AUTH_URL", Keystone.internalUrl(cloud)),
                KollaPod.env("OS_USERNAME", Keystone.ADMIN_USER),
                KollaPod.secretEnv("OS_PASSWORD", CloudCredentials.NAME, CloudCredentials.ADMIN),
                KollaPod.env("OS_PROJECT_NAME", Keystone.ADMIN_PROJECT),
                KollaPod.env("OS_USER_DOMAIN_NAME", "Default"),
                KollaPod.env("OS_PROJECT_DOMAIN_NAME", "Default"),
                KollaPod.env("OS_REGION_NAME", keystone.getRegion()),
                KollaPod.env("OS_INTERFACE", "internal"),
                KollaPod.env("OS_IDENTITY_API_VERSION", "3"),
                KollaPod.secretEnv(
                    "SERVICE_PASSWORD",
                    ServiceCredentials.nameFor(app),
                    ServiceCredentials.SERVICE)));
    var container =
        KollaPod.kollaContainer(
                cloud, "register", KollaImages.image(cloud, "kolla-toolbox", null), null)
            .withArgs("/bin/bash", "-c", script(cloud))
            .withEnv(env)
            .build();
    return new JobSpecBuilder()
        .withBackoffLimit(BACKOFF_LIMIT)
        .withTemplate(
            KollaPod.of(cloud, app, "keystone-registration", PodPlacement.CONTROL_PLANE)
                .restartPolicy("Never")
                .container(container)
                .build())
        .build();
  }
}
