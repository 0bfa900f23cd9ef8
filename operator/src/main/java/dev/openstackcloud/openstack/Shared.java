package dev.openstackcloud.openstack;

import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;

/**
 * The objects every OpenStack service waits for: generated credentials, the infrastructure servers,
 * and Keystone (API up and bootstrapped).
 */
public record Shared(
    DependentResource<?, ?> credentials,
    DependentResource<?, ?> database,
    DependentResource<?, ?> messaging,
    DependentResource<?, ?> cache,
    DependentResource<?, ?> keystoneApi,
    DependentResource<?, ?> keystoneBootstrap) {}
