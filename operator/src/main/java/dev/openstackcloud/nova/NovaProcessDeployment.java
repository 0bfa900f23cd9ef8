package dev.openstackcloud.nova;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.kolla.ConfigJson;
import dev.openstackcloud.openstack.OpenStackProcess;
import dev.openstackcloud.openstack.ProcessDeployment;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * A nova control-plane process; its pods read their own config.json out of the shared nova-config.
 */
class NovaProcessDeployment extends ProcessDeployment {
  NovaProcessDeployment(OpenStackProcess process) {
    super(process);
  }

  @Override
  protected Deployment desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var deployment = super.desired(cloud, context);
    ConfigJson.select(
        deployment.getSpec().getTemplate().getSpec(),
        NovaConfig.configJson(process().component()),
        process().config().files(cloud, context).keySet());
    return deployment;
  }
}
