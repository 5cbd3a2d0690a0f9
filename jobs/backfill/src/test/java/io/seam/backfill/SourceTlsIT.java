package io.seam.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seam.core.config.MigrationConfigLoader;
import io.seam.core.config.SourceConfig;
import io.seam.core.pg.PgConnections;
import io.seam.testkit.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssl_mode verify_full against the local stack's TLS (bin/seam stack up gives its PostgreSQL a CA of
 * its own): the connection is encrypted and the server verified; a wrong CA is refused, not ignored.
 */
class SourceTlsIT {

  private static SourceConfig source(Path rootCert) {
    LocalStack.ensureUp();
    return MigrationConfigLoader.parse("""
        source:
          host: 127.0.0.1
          port: %d
          database: postgres
          user: %s
          password_file: %s
          ssl_mode: verify_full
          ssl_root_cert: %s
        tables: [{name: t}]
        target: {path: /tmp/unused}
        """.formatted(LocalStack.pgPort(), LocalStack.pgUser(), LocalStack.pgPasswordFile(), rootCert),
        Path.of("/")).source();
  }

  @Test
  void verifyFullConnectsEncryptedToTheServerTheCaVouchesFor() throws Exception {
    Path ca = LocalStack.state().resolve("pg/tls/ca.pem");
    assertThat(ca).as("bin/seam stack up makes the local CA").exists();
    try (Connection c = new PgConnections(source(ca)).open(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).as("encrypted").isTrue();
      assertThat(rs.getString(2)).startsWith("TLS");
    }
  }

  @Test
  void aServerTheCaDoesNotVouchForIsRefused(@TempDir Path dir) throws Exception {
    Path otherCa = dir.resolve("other-ca.pem");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=some other CA", "-keyout", dir.resolve("k.pem").toString(), "-out", otherCa.toString())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
    assertThat(Files.size(otherCa)).isPositive();
    assertThatThrownBy(() -> new PgConnections(source(otherCa)).open().close())
        .hasMessageContaining("TLS with PostgreSQL at 127.0.0.1")
        .hasMessageContaining("source.ssl_root_cert (" + otherCa + ")")
        .hasStackTraceContaining("PKIX path");
  }
}
