package io.seam.core.config;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach the source PostgreSQL. The password is a {@link Secret}: an environment variable or
 * a file, never a value in the config, on a command line or in a log. {@code sslRootCert} is the CA
 * certificate (PEM) that verify_ca / verify_full check the server against; null means the drivers'
 * default (~/.postgresql/root.crt).
 */
public record SourceConfig(String host, int port, String database, String user, Secret password,
    SslMode sslMode, int connectTimeoutSeconds, String sslRootCert) implements Serializable {

  /** Within every bound its {@link MigrationOptions} definition sets, however it was built. */
  public SourceConfig {
    MigrationOptions.SOURCE_PORT.check(port);
    MigrationOptions.SOURCE_CONNECT_TIMEOUT_SECONDS.check(connectTimeoutSeconds);
  }

  public Optional<String> sslRootCertPath() {
    return Optional.ofNullable(sslRootCert);
  }

  /** libpq/pgjdbc sslmode values Seam passes through. */
  public enum SslMode { DISABLE, ALLOW, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;
    public String pgName() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  public String describe() {
    return user + "@" + host + ":" + port + "/" + database;
  }
}
