package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Horizon, the web dashboard. Config overrides are not supported (its settings are Python). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HorizonSpec extends OptionalServiceSpec {}
