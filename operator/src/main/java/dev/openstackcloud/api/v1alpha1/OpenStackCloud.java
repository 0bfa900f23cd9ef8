package dev.openstackcloud.api.v1alpha1;

import dev.openstackcloud.api.v1alpha1.spec.OpenStackCloudSpec;
import dev.openstackcloud.api.v1alpha1.status.OpenStackCloudStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One OpenStack control plane, living in the namespace of this object. */
@Group(OpenStackCloud.GROUP)
@Version(OpenStackCloud.VERSION)
@Plural("openstackclouds")
@ShortNames("osc")
@AdditionalPrinterColumn(
    name = "Release",
    jsonPath = ".status.release",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class OpenStackCloud extends CustomResource<OpenStackCloudSpec, OpenStackCloudStatus>
    implements Namespaced {
  public static final String GROUP = "openstackcloud.dev";
  public static final String VERSION = "v1alpha1";
  private static final long serialVersionUID = 1L;

  @Override
  protected OpenStackCloudSpec initSpec() {
    return new OpenStackCloudSpec();
  }
}
