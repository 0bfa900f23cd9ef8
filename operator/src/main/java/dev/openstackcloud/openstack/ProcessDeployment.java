package dev.openstackcloud.openstack;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.kube.DeploymentDependent;
import dev.openstackcloud.kube.Labels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The Deployment of one {@link OpenStackProcess}; rolls when its config changes. */
public class ProcessDeployment extends DeploymentDependent {
  /** How long a process may take to open its port the first time before the kubelet restarts it. */
  static final int STARTUP_SECONDS = 600;

  private final OpenStackProcess process;

  public ProcessDeployment(OpenStackProcess process) {
    super(process.objectName() + "-deployment");
    this.process = process;
  }

  public OpenStackProcess process() {
    return process;
  }

  @Override
  protected String fixedName(OpenStackCloud cloud) {
    return process.objectName();
  }

  @Override
  protected Deployment desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var p = process;
    var spec = p.spec().apply(cloud);
    var container =
        KollaPod.kollaContainer(
            cloud,
            p.objectName(),
            KollaImages.image(cloud, p.kollaImage(), spec),
            spec.getResources());
    if (p.port() != null) {
      container.addNewPort().withName("http").withContainerPort(p.port()).endPort();
      if (p.probePath() != null) {
        container
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath(p.probePath())
            .withNewPort(p.port())
            .endHttpGet()
            .withPeriodSeconds(5)
            .withTimeoutSeconds(5)
            .endReadinessProbe();
      } else {
        container
            .withNewReadinessProbe()
            .withNewTcpSocket()
            .withNewPort(p.port())
            .endTcpSocket()
            .withPeriodSeconds(5)
            .endReadinessProbe();
      }
      // Liveness only counts once the port is open (up to STARTUP_SECONDS): Horizon compresses
      // its static files before Apache listens, minutes on a small node, more than 60 s allow.
      container
          .withNewStartupProbe()
          .withNewTcpSocket()
          .withNewPort(p.port())
          .endTcpSocket()
          .withPeriodSeconds(5)
          .withFailureThreshold(STARTUP_SECONDS / 5)
          .endStartupProbe();
      container
          .withNewLivenessProbe()
          .withNewTcpSocket()
          .withNewPort(p.port())
          .endTcpSocket()
          .withPeriodSeconds(15)
          .endLivenessProbe();
    }
    var pod =
        KollaPod.of(cloud, p.app(), p.component(), p.role())
            .configSecret(p.config().secretName())
            .configHash(p.config().hash(cloud, context))
            .container(container.build());
    var template = LockPath.addTo(pod, p.app()).build();
    return new DeploymentBuilder()
        .withMetadata(meta(cloud, p.objectName(), p.app(), p.component()))
        .withNewSpec()
        .withReplicas(p.replicas().applyAsInt(cloud))
        .withProgressDeadlineSeconds(600)
        .withNewSelector()
        .withMatchLabels(Labels.selector(cloud, p.app(), p.component()))
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }
}
