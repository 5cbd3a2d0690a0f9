package io.seam.core.pg;

import io.seam.core.config.SourceConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens connections to the source: plain ones for catalog and reads, replication ones for slots. */
public final class PgConnections {
  private final SourceConfig source;

  public PgConnections(SourceConfig source) {
    this.source = source;
  }

  public SourceConfig source() {
    return source;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + source.host() + ":" + source.port() + "/" + source.database();
  }

  /** Driver properties without the password; Spark's JDBC options add it at the edge. */
  public Properties baseProperties() {
    Properties p = new Properties();
    p.setProperty("user", source.user());
    p.setProperty("sslmode", source.sslMode().pgName());
    source.sslRootCertPath().ifPresent(cert -> p.setProperty("sslrootcert", cert));
    p.setProperty("connectTimeout", Integer.toString(source.connectTimeoutSeconds()));
    p.setProperty("ApplicationName", "seam");
    p.setProperty("tcpKeepAlive", "true");
    return p;
  }

  public Connection open() {
    return connect(baseProperties());
  }

  /**
   * A walsender connection ({@code replication=database}) that accepts replication commands such as
   * {@code CREATE_REPLICATION_SLOT}. Simple query mode: the replication protocol has no extended queries.
   */
  public Connection openReplication() {
    Properties p = baseProperties();
    p.setProperty("replication", "database");
    p.setProperty("assumeMinServerVersion", "10");
    p.setProperty("preferQueryMode", "simple");
    return connect(p);
  }

  private Connection connect(Properties props) {
    Properties withSecret = new Properties();
    withSecret.putAll(props);
    withSecret.setProperty("password", source.password().reveal());
    try {
      return DriverManager.getConnection(jdbcUrl(), withSecret);
    } catch (SQLException e) {
      throw SourceErrors.onConnect(source, e);
    }
  }
}
