package dev.openstackcloud.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One component's pods, as the cluster reports them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComponentStatus(
    @JsonPropertyDescription("Pods that are ready.") Integer ready,
    @JsonPropertyDescription("Pods the component should have.") Integer desired,
    @JsonPropertyDescription("Image of the component's main container.") String image) {}
