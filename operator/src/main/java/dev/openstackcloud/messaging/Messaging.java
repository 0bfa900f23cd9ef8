package dev.openstackcloud.messaging;

import dev.openstackcloud.kube.ServiceDependent;

/** RabbitMQ: the objects of the messaging component and how services reach it. */
public final class Messaging {
  public static final String APP = "rabbitmq";
  public static final String COMPONENT = "messaging";
  public static final int PORT = 5672;
  public static final String USER = "openstack";

  private Messaging() {}

  /** oslo.messaging transport URL. */
  public static String transportUrl(String password) {
    return "rabbit://" + USER + ":" + password + "@" + APP + ":" + PORT + "/";
  }

  public record Dependents(
      MessagingConfig config, ServiceDependent service, MessagingStatefulSet server) {}

  public static Dependents dependents() {
    return new Dependents(
        new MessagingConfig(),
        new ServiceDependent(APP, COMPONENT, PORT, false),
        new MessagingStatefulSet());
  }
}
