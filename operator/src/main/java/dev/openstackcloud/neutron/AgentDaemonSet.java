package dev.openstackcloud.neutron;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.api.v1alpha1.spec.OpenvswitchSpec.Datapath;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.kube.DaemonSetDependent;
import dev.openstackcloud.kube.Labels;
import dev.openstackcloud.messaging.Messaging;
import dev.openstackcloud.openstack.LockPath;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * One Neutron agent on every node of its roles. Its pods roll when its own config Secret changes,
 * one node at a time (the DaemonSet default), and never when Open vSwitch's does.
 */
public class AgentDaemonSet extends DaemonSetDependent {
  private final NeutronAgent agent;
  private final NeutronAgentConfig config;

  AgentDaemonSet(NeutronAgent agent, NeutronAgentConfig config) {
    super(agent.process() + "-daemonset");
    this.agent = agent;
    this.config = config;
  }

  @Override
  protected String fixedName(OpenStackCloud cloud) {
    return agent.process();
  }

  @Override
  protected DaemonSet desired(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    return build(cloud, agent, config.hash(cloud, context));
  }

  static DaemonSet build(OpenStackCloud cloud, NeutronAgent agent, String configHash) {
    var agents = Neutron.spec(cloud).getAgents();
    var container =
        KollaPod.kollaContainer(
                cloud,
                agent.process(),
                KollaImages.image(cloud, agent.kollaImage(), agents),
                agents.getResources())
            // The node's name, not the pod's: agents keep their identity across restarts, and it
            // is the host nova binds ports to. oslo.config reads OS_<GROUP>__<OPTION> over the
            // files.
            .addToEnv(KollaPod.fieldEnv("OS_DEFAULT__HOST", "spec.nodeName"))
            // an agent is ready when it holds its RPC connection (Kolla's own health check)
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand("healthcheck_port", agent.process(), String.valueOf(Messaging.PORT))
            .endExec()
            .withPeriodSeconds(15)
            .withTimeoutSeconds(10)
            .endReadinessProbe()
            .withVolumeMounts(agent.hostPaths().stream().map(HostPaths::mount).toList());
    if (agent == NeutronAgent.OPENVSWITCH) {
      // The tunnel endpoint is the node's address, known only on the node: Kolla renders it per
      // host; here the kubelet hands it over, so every node shares one config (and one hash).
      container.addToEnv(KollaPod.fieldEnv("OS_OVS__LOCAL_IP", "status.hostIP"));
    }
    if (agent.hostLevel()) {
      container.editOrNewSecurityContext().withPrivileged(true).endSecurityContext();
    }
    var pod =
        LockPath.addTo(
            KollaPod.onAnyOf(cloud, Neutron.APP, agent.component(), agent.roles())
                .configSecret(NeutronAgentConfig.nameFor(agent))
                .configHash(configHash),
            Neutron.APP);
    agent.hostPaths().forEach(p -> pod.volume(p.volume()));
    if (agent == NeutronAgent.OPENVSWITCH) {
      pod.initContainer(externalBridge(cloud));
    }
    var template = pod.container(container.build()).build();
    if (agent.hostLevel()) {
      template.getSpec().setHostNetwork(true);
      // still resolve the cloud's Services (rabbitmq) from the host's network namespace
      template.getSpec().setDnsPolicy("ClusterFirstWithHostNet");
    }
    return new DaemonSetBuilder()
        .withMetadata(meta(cloud, agent.process(), Neutron.APP, agent.component()))
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(Labels.selector(cloud, Neutron.APP, agent.component()))
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  /**
   * The agent exits when a bridge of its bridge_mappings is missing; Kolla creates it from the
   * ovsdb container. Plugging the node's uplink into it is the node owner's (host-specific) step.
   */
  private static Container externalBridge(OpenStackCloud cloud) {
    var args =
        new ArrayList<>(
            List.of(
                "ovs-vsctl",
                "--db=" + NeutronAgentConfig.OVSDB_SOCKET,
                "--timeout=60",
                "--may-exist",
                "add-br",
                NeutronAgentConfig.EXTERNAL_BRIDGE));
    if (Neutron.datapath(cloud) == Datapath.netdev) {
      // a bridge of the default (system) type needs the kernel module; set also on a bridge that
      // exists
      args.addAll(
          List.of(
              "--",
              "set",
              "Bridge",
              NeutronAgentConfig.EXTERNAL_BRIDGE,
              "datapath_type=" + Datapath.netdev.name()));
    }
    return KollaPod.kollaContainer(
            cloud,
            "external-bridge",
            KollaImages.image(cloud, OpenvswitchDaemonSet.OVSDB_IMAGE, null),
            null)
        .withArgs(args)
        .withVolumeMounts(HostPaths.OPENVSWITCH_RUN.mount())
        .build();
  }
}
