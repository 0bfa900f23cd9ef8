package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The Placement API, which tracks resource providers (hypervisors) and allocations for Nova. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlacementApiSpec extends OptionalServiceSpec {}
