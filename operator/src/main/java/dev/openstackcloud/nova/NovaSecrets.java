package dev.openstackcloud.nova;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.credentials.GeneratedSecret;
import dev.openstackcloud.kube.Secondaries;
import dev.openstackcloud.openstack.ServiceCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The generated values nova's config files carry, read from the informer cache. */
record NovaSecrets(
    String database, String apiDatabase, String service, String metadata, String messaging) {

  static NovaSecrets read(Context<OpenStackCloud> context) {
    var own = Secondaries.require(context, Secret.class, Nova.CREDENTIALS);
    var cloud = Secondaries.require(context, Secret.class, CloudCredentials.NAME);
    return new NovaSecrets(
        GeneratedSecret.value(own, ServiceCredentials.DATABASE),
        GeneratedSecret.value(own, Nova.API_DATABASE_PASSWORD),
        GeneratedSecret.value(own, ServiceCredentials.SERVICE),
        GeneratedSecret.value(own, Nova.METADATA_SECRET),
        GeneratedSecret.value(cloud, CloudCredentials.MESSAGING));
  }
}
