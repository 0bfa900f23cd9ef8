package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** A ClusterIP Service in front of one component's pods. */
public class ServiceDependent extends CloudDependent<Service> {
  private final String name;
  private final String app;
  private final String component;
  private final int port;
  private final boolean headless;

  public ServiceDependent(String app, String component, int port, boolean headless) {
    this(app, app, component, port, headless);
  }

  /** A Service called {@code name} in front of the pods of {@code app}/{@code component}. */
  public ServiceDependent(String name, String app, String component, int port, boolean headless) {
    super(Service.class, name + "-service");
    this.name = name;
    this.app = app;
    this.component = component;
    this.port = port;
    this.headless = headless;
  }

  @Override
  protected String fixedName(OpenStackCloud cloud) {
    return name;
  }

  @Override
  protected Service desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var spec =
        new ServiceBuilder()
            .withMetadata(meta(cloud, name, app, component))
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(Labels.selector(cloud, app, component))
            .withPorts(
                new ServicePortBuilder()
                    .withName(name.length() > 15 ? "service" : name)
                    .withPort(port)
                    .withNewTargetPort(port)
                    .withProtocol("TCP")
                    .build());
    if (headless) {
      spec.withClusterIP("None").withPublishNotReadyAddresses(true);
    }
    return spec.endSpec().build();
  }
}
