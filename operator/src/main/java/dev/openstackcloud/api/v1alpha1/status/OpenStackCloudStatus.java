package dev.openstackcloud.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What is actually running. Written only by the operator, and only when it changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OpenStackCloudStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, Progressing, Degraded, and one <Component>Ready condition per component.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "The OpenStack release every component is running; empty until the cloud is first Ready.")
  private String release;

  // Left out when empty: status is server-side applied, and an empty map where our field manager
  // held entries comes out null, which the schema refuses (422). Left out, the field goes away.
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyDescription("Per component: ready and desired pods and the image it runs.")
  private Map<String, ComponentStatus> components = new TreeMap<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyDescription("Endpoint URLs by service type, reachable inside the cluster.")
  private Map<String, String> endpoints = new TreeMap<>();

  @JsonPropertyDescription("Name of the Secret holding an admin clouds.yaml for the openstack CLI.")
  private String adminCredentials;

  @JsonPropertyDescription(
      "Nodes this cloud's compute or network placement selects that an older cloud already holds; no pod of this cloud is scheduled there (see the NodeConflict condition).")
  private List<String> contestedNodes;

  @JsonPropertyDescription(
      "During a release upgrade: the release each upgrade step (infrastructure, keystone, glance, placement, nova, compute, neutron, horizon) is rendered at. Empty when every step runs status.release.")
  private Map<String, String> componentReleases;

  @JsonPropertyDescription(
      "During a release upgrade: the steps whose database migrations have completed at the new release. Setting spec.release back is refused once any step is listed here: the old release cannot read a migrated database.")
  private List<String> migratedSteps;

  @JsonPropertyDescription(
      "During the compute step of an upgrade with spec.upgrade.canary: how many compute hosts (fake hypervisors or libvirt nodes) run the new release while the rest wait for approval.")
  private Integer canaryHosts;

  @JsonPropertyDescription(
      "During a canary hold: since when every canary hypervisor has been ready (the start of spec.upgrade.canarySoak).")
  private String canaryHealthySince;

  @JsonPropertyDescription("When the cloud deletes itself: creationTimestamp plus spec.lifetime.")
  private String expiresAt;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getRelease() {
    return release;
  }

  public void setRelease(String release) {
    this.release = release;
  }

  public Map<String, ComponentStatus> getComponents() {
    return components;
  }

  public void setComponents(Map<String, ComponentStatus> components) {
    this.components = components;
  }

  public Map<String, String> getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(Map<String, String> endpoints) {
    this.endpoints = endpoints;
  }

  public List<String> getContestedNodes() {
    return contestedNodes;
  }

  public void setContestedNodes(List<String> contestedNodes) {
    this.contestedNodes = contestedNodes;
  }

  public String getAdminCredentials() {
    return adminCredentials;
  }

  public void setAdminCredentials(String adminCredentials) {
    this.adminCredentials = adminCredentials;
  }

  public Map<String, String> getComponentReleases() {
    return componentReleases;
  }

  public void setComponentReleases(Map<String, String> componentReleases) {
    this.componentReleases = componentReleases;
  }

  public List<String> getMigratedSteps() {
    return migratedSteps;
  }

  public void setMigratedSteps(List<String> migratedSteps) {
    this.migratedSteps = migratedSteps;
  }

  public Integer getCanaryHosts() {
    return canaryHosts;
  }

  public void setCanaryHosts(Integer canaryHosts) {
    this.canaryHosts = canaryHosts;
  }

  public String getCanaryHealthySince() {
    return canaryHealthySince;
  }

  public void setCanaryHealthySince(String canaryHealthySince) {
    this.canaryHealthySince = canaryHealthySince;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpenStackCloudStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(release, s.release)
        && Objects.equals(components, s.components)
        && Objects.equals(endpoints, s.endpoints)
        && Objects.equals(adminCredentials, s.adminCredentials)
        && Objects.equals(contestedNodes, s.contestedNodes)
        && Objects.equals(componentReleases, s.componentReleases)
        && Objects.equals(migratedSteps, s.migratedSteps)
        && Objects.equals(canaryHosts, s.canaryHosts)
        && Objects.equals(canaryHealthySince, s.canaryHealthySince)
        && Objects.equals(expiresAt, s.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        conditions,
        release,
        components,
        endpoints,
        adminCredentials,
        contestedNodes,
        componentReleases,
        migratedSteps,
        canaryHosts,
        canaryHealthySince,
        expiresAt);
  }
}
