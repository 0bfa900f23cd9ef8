package dev.openstackcloud.database;

import dev.openstackcloud.api.v1alpha1.OpenStackCloud;
import dev.openstackcloud.credentials.CloudCredentials;
import dev.openstackcloud.kolla.KollaImages;
import dev.openstackcloud.kolla.KollaPod;
import dev.openstackcloud.kube.JobDependent;
import dev.openstackcloud.placement.PodPlacement;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Creates one database of a service and its user, idempotently (IF NOT EXISTS, and the password is
 * set again each run). Passwords reach the pod only as Secret references.
 */
public class DatabaseCreateJob extends JobDependent {
  private final String app;
  private final String task;
  private final String database;
  private final String user;
  private final String passwordSecret;
  private final String passwordKey;

  /** For service {@code app}: database and user {@code database}, password at secret/key. */
  public DatabaseCreateJob(String app, String database, String passwordSecret, String passwordKey) {
    this(app, "db-create", database, database, passwordSecret, passwordKey);
  }

  /**
   * For services with several databases (nova): {@code task} names the Job apart from the others,
   * and {@code user} may own more than one of them.
   */
  public DatabaseCreateJob(
      String app,
      String task,
      String database,
      String user,
      String passwordSecret,
      String passwordKey) {
    super(app, task);
    this.app = app;
    this.task = task;
    this.database = database;
    this.user = user;
    this.passwordSecret = passwordSecret;
    this.passwordKey = passwordKey;
  }

  @Override
  protected JobSpec spec(OpenStackCloud cloud, Context<OpenStackCloud> context) {
    var sql =
        "CREATE DATABASE IF NOT EXISTS `"
            + database
            + "`;"
            + " CREATE USER IF NOT EXISTS '"
            + user
            + "'@'%' IDENTIFIED BY '${DB_PASSWORD}';"
            + " ALTER USER '"
            + user
            + "'@'%' IDENTIFIED BY '${DB_PASSWORD}';"
            + " GRANT ALL PRIVILEGES ON `"
            + database
            + "`.* TO '"
            + user
            + "'@'%';";
    var script =
        "exec mysql -h "
            + Database.host()
            + " -P "
            + Database.PORT
            + " -u root -p\"${DB_ROOT_PASSWORD}\" -e \""
            + sql.replace("`", "\\`")
            + "\"";
    var db = cloud.getSpec().getInfrastructure().getDatabase();
    var container =
        KollaPod.kollaContainer(
                cloud, "db-create", KollaImages.image(cloud, "mariadb-server", db), null)
            .withArgs("/bin/bash", "-c", script)
            .withEnv(
                KollaPod.secretEnv(
                    "DB_ROOT_PASSWORD", CloudCredentials.NAME, CloudCredentials.DATABASE_ROOT),
                KollaPod.secretEnv("DB_PASSWORD", passwordSecret, passwordKey))
            .build();
    return new JobSpecBuilder()
        .withBackoffLimit(BACKOFF_LIMIT)
        .withTemplate(
            KollaPod.of(cloud, app, task, PodPlacement.CONTROL_PLANE)
                .restartPolicy("Never")
                .container(container)
                .build())
        .build();
  }
}
