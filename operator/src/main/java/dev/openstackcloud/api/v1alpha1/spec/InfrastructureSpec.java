package dev.openstackcloud.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The shared infrastructure every OpenStack service needs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InfrastructureSpec {

  @Default("{}")
  @JsonPropertyDescription("MariaDB, holding every service's database.")
  private DatabaseSpec database = new DatabaseSpec();

  @Default("{}")
  @JsonPropertyDescription("RabbitMQ, the RPC and notification bus.")
  private MessagingSpec messaging = new MessagingSpec();

  @Default("{}")
  @JsonPropertyDescription("Memcached, for token and API caching.")
  private CacheSpec cache = new CacheSpec();

  public DatabaseSpec getDatabase() {
    return database;
  }

  public void setDatabase(DatabaseSpec database) {
    this.database = database;
  }

  public MessagingSpec getMessaging() {
    return messaging;
  }

  public void setMessaging(MessagingSpec messaging) {
    this.messaging = messaging;
  }

  public CacheSpec getCache() {
    return cache;
  }

  public void setCache(CacheSpec cache) {
    this.cache = cache;
  }
}
