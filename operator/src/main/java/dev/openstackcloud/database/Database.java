package dev.openstackcloud.database;

import dev.openstackcloud.kube.ServiceDependent;

/** MariaDB: the objects of the database component and how services reach it. */
public final class Database {
  public static final String APP = "mariadb";
  public static final String COMPONENT = "database";
  public static final int PORT = 3306;

  private Database() {}

  /** Host services connect to, inside the cloud's namespace. */
  public static String host() {
    return APP;
  }

  /** SQLAlchemy URL of database {@code db} for user {@code user}. */
  public static String url(String user, String password, String db) {
    return "mysql+pymysql://"
        + user
        + ":"
        + password
        + "@"
        + host()
        + ":"
        + PORT
        + "/"
        + db
        + "?charset=utf8mb4";
  }

  public record Dependents(
      DatabaseConfig config, ServiceDependent service, DatabaseStatefulSet server) {}

  public static Dependents dependents() {
    return new Dependents(
        new DatabaseConfig(),
        new ServiceDependent(APP, COMPONENT, PORT, false),
        new DatabaseStatefulSet());
  }
}
