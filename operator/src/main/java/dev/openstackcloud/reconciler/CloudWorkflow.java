package dev.openstackcloud.reconciler;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.cache.Cache;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.database.Database;
import dev.openstackcloud.keystone.Keystone;
import dev.openstackcloud.messaging.Messaging;
import dev.openstackcloud.openstack.Shared;
import dev.openstackcloud.reconciler.CloudGraph.Member;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph of everything a cloud is made of: which object waits for which to be ready. Reading
 * this class top to bottom is reading the order a cloud comes up in; each service package adds its
 * own objects.
 */
public final class CloudWorkflow {
  private final CloudGraph graph = new CloudGraph();
  private final Workflow<OpenStackCloud> workflow;

  private CloudWorkflow() {
    var db = Database.dependents();
    var database = graph.component("Database");
    var credentials = database.add(new CloudCredentials());
    database.add(db.config());
    database.add(db.service());
    var databaseServer = database.add(db.server(), credentials, db.config());

    var mq = Messaging.dependents();
    var messaging = graph.component("Messaging");
    var mqConfig = messaging.add(mq.config(), credentials);
    messaging.add(mq.service());
    var messagingServer = messaging.add(mq.server(), mqConfig);

    var c = Cache.dependents();
    var cache = graph.component("Cache");
    cache.add(c.config());
    cache.add(c.service());
    var cacheServer = cache.add(c.server(), c.config());

    var ks = Keystone.dependents();
    var keystone = graph.component("Keystone");
    var keys = keystone.add(ks.keys());
    var ksConfig = keystone.add(ks.config(), credentials);
    var dbCreate = keystone.add(ks.dbCreate(), databaseServer);
    var dbSync = keystone.add(ks.dbSync(), dbCreate, ksConfig, keys);
    var bootstrap = keystone.add(ks.bootstrap(), dbSync);
    var keystoneApi = keystone.add(ks.api(), dbSync, cacheServer);
    keystone.add(ks.service());
    keystone.add(ks.cloudsYaml(), credentials);

    var shared =
        new Shared(
            credentials, databaseServer, messagingServer, cacheServer, keystoneApi, bootstrap);
    ServiceRegistry.registerAll(graph, shared);
    workflow = graph.builder().build();
  }

  public static CloudWorkflow create() {
    return new CloudWorkflow();
  }

  public Workflow<OpenStackCloud> workflow() {
    return workflow;
  }

  public List<Member> members() {
    return graph.members();
  }

  /**
   * Members of the components enabled for {@code cloud}, by component, in the order a cloud comes
   * up in.
   */
  public Map<String, List<Member>> byComponent(OpenStackCloud cloud) {
    var map = new LinkedHashMap<String, List<Member>>();
    graph.members().stream()
        .filter(m -> m.enabled().test(cloud))
        .forEach(m -> map.computeIfAbsent(m.component(), k -> new ArrayList<>()).add(m));
    return map;
  }
}
