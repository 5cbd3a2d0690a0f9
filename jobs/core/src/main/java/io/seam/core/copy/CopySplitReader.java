package io.seam.core.copy;

import io.seam.core.pg.SourceErrors;
import io.seam.core.pg.SourceException;
import io.seam.core.snapshot.SnapshotSession;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * Reads one split on an executor: its own connection, the exported snapshot imported before anything
 * else in a read-only repeatable-read transaction, then the split's COPY streamed through
 * {@link CopyBinaryReader}. The connection is opened on the first row asked for and always rolled back.
 */
final class CopySplitReader implements PartitionReader<InternalRow> {
  private final CopyReadSpec spec;
  private final String password;
  private final int index;
  private final String what;
  private Connection connection;
  private PGCopyInputStream copy;
  private CopyBinaryReader decoder;
  private InternalRow current;

  CopySplitReader(CopyReadSpec spec, String password, int index) {
    this.spec = spec;
    this.password = password;
    this.index = index;
    this.what = spec.relation() + " split " + (index + 1) + " of " + spec.statements().size();
  }

  @Override
  public boolean next() throws IOException {
    if (decoder == null) {
      open();
    }
    try {
      current = decoder.next();
    } catch (IOException e) {
      throw new SourceException(what + ": reading the COPY stream inside snapshot " + spec.snapshot() + " failed after "
          + decoder.rows() + " rows: " + e.getMessage(), e);
    }
    return current != null;
  }

  @Override
  public InternalRow get() {
    return current;
  }

  private void open() {
    Properties props = new Properties();
    props.putAll(spec.properties());
    props.setProperty("password", password);
    try {
      connection = DriverManager.getConnection(spec.url(), props);
    } catch (SQLException e) {
      throw SourceErrors.during(what + ": connecting to PostgreSQL", e);
    }
    try {
      SnapshotSession.enter(connection, spec.snapshot());
    } catch (SQLException e) {
      throw SourceErrors.during(what + ": importing snapshot " + spec.snapshot()
          + " (it lives as long as the transaction or slot that exported it)", e);
    }
    try {
      copy = new PGCopyInputStream(connection.unwrap(PGConnection.class), spec.statements().get(index));
    } catch (SQLException e) {
      throw SourceErrors.during(what + ": starting its COPY", e);
    }
    decoder = new CopyBinaryReader(copy, spec.fields(), what);
  }

  @Override
  public void close() throws IOException {
    try {
      if (copy != null) {
        copy.close();  // cancels a COPY still running (a failed or cancelled task)
      }
    } finally {
      if (connection != null) {
        try {
          connection.rollback();
        } catch (SQLException e) {
          // the split's result is decided already; a broken connection has nothing left to roll back
        } finally {
          try {
            connection.close();
          } catch (SQLException e) {
            // closing anyway: the server ends the backend when the socket goes
          }
        }
      }
    }
  }

  /** Serialised to the executors; the password rides in it as it does in Spark's JDBC source. */
  record Factory(CopyReadSpec spec, String password) implements PartitionReaderFactory {
    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
      return new CopySplitReader(spec, password, ((SnapshotCopyScan.CopySplit) partition).index());
    }

    @Override
    public String toString() {
      return "COPY reader of " + spec.relation();
    }
  }
}
