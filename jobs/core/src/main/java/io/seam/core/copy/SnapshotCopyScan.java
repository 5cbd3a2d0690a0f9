package io.seam.core.copy;

import java.util.stream.IntStream;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;

/** The scan of one table's splits: an input partition per COPY statement. */
final class SnapshotCopyScan implements ScanBuilder, Scan, Batch {
  private final CopyReadSpec spec;
  private final String password;

  SnapshotCopyScan(CopyReadSpec spec, String password) {
    this.spec = spec;
    this.password = password;
  }

  @Override
  public Scan build() {
    return this;
  }

  @Override
  public StructType readSchema() {
    return SnapshotCopySource.schema(spec);
  }

  @Override
  public String description() {
    return "COPY binary " + spec.relation() + " (" + spec.statements().size() + " splits, snapshot " + spec.snapshot() + ")";
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    return IntStream.range(0, spec.statements().size()).mapToObj(CopySplit::new).toArray(InputPartition[]::new);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new CopySplitReader.Factory(spec, password);
  }

  /** One split: its index into the spec's statements. */
  record CopySplit(int index) implements InputPartition {}
}
