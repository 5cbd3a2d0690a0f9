package io.seam.core.pg;

import io.seam.core.config.SourceConfig;
import java.sql.SQLException;

/** Turns driver errors into messages a data engineer can act on. */
public final class SourceErrors {
  private SourceErrors() {}

  static SourceException onConnect(SourceConfig s, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String where = s.describe();
    if (String.valueOf(e.getMessage()).contains("SSL")) {
      return new SourceException("TLS with PostgreSQL at " + s.host() + ":" + s.port() + " failed (source.ssl_mode "
          + s.sslMode().pgName() + "): " + e.getMessage() + "; check that source.ssl_root_cert ("
          + s.sslRootCertPath().orElse("default ~/.postgresql/root.crt") + ") holds the CA that signed the server's"
          + " certificate and that source.host is a name or address the certificate lists", e);
    }
    return switch (state) {
      case "28P01", "28000" -> new SourceException("PostgreSQL at " + s.host() + ":" + s.port()
          + " rejected user '" + s.user() + "' (source.user): wrong password or no pg_hba.conf entry; check the "
          + "password in " + s.password() + " and that the role may log in" + replicationHint(e), e);
      case "3D000" -> new SourceException("database '" + s.database() + "' does not exist at " + s.host() + ":"
          + s.port() + " (source.database)", e);
      case "08001", "08004", "08006" -> new SourceException("cannot reach PostgreSQL at " + s.host() + ":" + s.port()
          + " (source.host/source.port): " + e.getMessage() + "; is it running? (local stack: bin/seam stack up)", e);
      default -> new SourceException("cannot connect to " + where + ": " + e.getMessage(), e);
    };
  }

  private static String replicationHint(SQLException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("replication") ? "; replication connections also need REPLICATION and a 'replication' pg_hba line" : "";
  }

  /** Wraps a failure of a named step on a named object. */
  public static SourceException during(String what, SQLException e) {
    return new SourceException(what + " failed: " + e.getMessage(), e);
  }
}
