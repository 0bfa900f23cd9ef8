package dev.openstackcloud.reconciler;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.cache.Cache;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.database.Database;
import dev.openstackcloud.keystone.Keystone;
import dev.openstackcloud.kube.Workload;
import dev.openstackcloud.messaging.Messaging;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The graph of everything a cloud is made of: which object waits for which to be ready. Reading
 * this class top to bottom is reading the order a cloud comes up in.
 */
public final class CloudWorkflow {

  /** One managed object and the component whose status it counts towards. */
  public record Member(String component, KubernetesDependentResource<? extends HasMetadata, OpenStackCloud> dependent) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Workload<HasMetadata> workload() {
      return (Workload) dependent;
    }
  }

  private final WorkflowBuilder<OpenStackCloud> builder = new WorkflowBuilder<OpenStackCloud>().withThrowExceptionFurther(false);
  private final List<Member> members = new ArrayList<>();
  private final Workflow<OpenStackCloud> workflow;

  private CloudWorkflow() {
    var credentials = add("Database", new CloudCredentials());

    var db = Database.dependents();
    add("Database", db.config());
    add("Database", db.service());
    var database = add("Database", db.server(), credentials, db.config());

    var mq = Messaging.dependents();
    var mqConfig = add("Messaging", mq.config(), credentials);
    add("Messaging", mq.service());
    add("Messaging", mq.server(), mqConfig);

    var cache = Cache.dependents();
    add("Cache", cache.config());
    add("Cache", cache.service());
    var cacheServer = add("Cache", cache.server(), cache.config());

    var ks = Keystone.dependents();
    var keys = add("Keystone", ks.keys());
    var ksConfig = add("Keystone", ks.config(), credentials);
    var dbCreate = add("Keystone", ks.dbCreate(), database);
    var dbSync = add("Keystone", ks.dbSync(), dbCreate, ksConfig, keys);
    add("Keystone", ks.bootstrap(), dbSync);
    add("Keystone", ks.api(), dbSync, cacheServer);
    add("Keystone", ks.service());
    add("Keystone", ks.cloudsYaml(), credentials);

    workflow = builder.build();
  }

  public static CloudWorkflow create() {
    return new CloudWorkflow();
  }

  public Workflow<OpenStackCloud> workflow() {
    return workflow;
  }

  public List<Member> members() {
    return members;
  }

  /** Members by component, in the order they were added (which is the order a cloud comes up in). */
  public Map<String, List<Member>> byComponent() {
    var map = new LinkedHashMap<String, List<Member>>();
    members.forEach(m -> map.computeIfAbsent(m.component(), c -> new ArrayList<>()).add(m));
    return map;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <D extends KubernetesDependentResource<? extends HasMetadata, OpenStackCloud>> D add(String component, D dependent, DependentResource... dependsOn) {
    var member = new Member(component, dependent);
    members.add(member);
    Condition ready = (dr, primary, context) -> {
      Optional<HasMetadata> actual = ((KubernetesDependentResource) dr).getSecondaryResource((OpenStackCloud) primary, context);
      return actual.map(a -> member.workload().health(a).isReady()).orElse(false);
    };
    builder.addDependentResourceAndConfigure(dependent)
        .dependsOn(Arrays.asList(dependsOn).toArray(new DependentResource[0]))
        .withReadyPostcondition(ready);
    return dependent;
  }
}
