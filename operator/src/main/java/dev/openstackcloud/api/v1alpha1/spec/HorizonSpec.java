package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Horizon, the web dashboard. Its config takes one section, local_settings: Django setting names to
 * string values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HorizonSpec extends OptionalServiceSpec {}
