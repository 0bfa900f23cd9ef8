package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** A ClusterIP Service in front of one component's pods. */
public class ServiceDependent extends CloudDependent<Service> {
  private final String app;
  private final String component;
  private final int port;
  private final boolean headless;

  public ServiceDependent(String app, String component, int port, boolean headless) {
    super(Service.class, app + "-service");
    this.app = app;
    this.component = component;
    this.port = port;
    this.headless = headless;
  }

  @Override
  protected Service desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var spec = new ServiceBuilder()
        .withMetadata(meta(cloud, app, app, component))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(cloud, app, component))
        .withPorts(new ServicePortBuilder().withName(app).withPort(port).withNewTargetPort(port).withProtocol("TCP").build());
    if (headless) {
      spec.withClusterIP("None").withPublishNotReadyAddresses(true);
    }
    return spec.endSpec().build();
  }
}
