package io.seam.core.pg;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * What the backfill needs to know about one source table.
 *
 * @param relkind {@code r} ordinary table, {@code p} partitioned table (no pages of its own)
 * @param sizeBytes the heap's current size on disk: exact and cheap, unlike count(*)
 * @param blockSize the server's page size
 * @param replicaIdentity {@code d} default, {@code f} full, {@code i} index, {@code n} nothing
 */
public record TableDescription(TableRef table, char relkind, long sizeBytes, int blockSize, long estimatedRows,
    char replicaIdentity, List<ColumnInfo> columns, List<String> primaryKey) implements Serializable {

  public TableDescription {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
  }

  public long pages() {
    return blockSize == 0 ? 0 : (sizeBytes + blockSize - 1) / blockSize;
  }

  /** Each column's kind and exact type, in column order ({@link TypeMapping}); a column Seam cannot carry fails. */
  public List<ColumnType> types() {
    return columns.stream().map(c -> TypeMapping.typeOf(table, c)).toList();
  }

  public ColumnType type(ColumnInfo column) {
    return TypeMapping.typeOf(table, column);
  }

  public Optional<ColumnInfo> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public String replicaIdentityName() {
    return switch (replicaIdentity) {
      case 'd' -> "default";
      case 'f' -> "full";
      case 'i' -> "index";
      case 'n' -> "nothing";
      default -> String.valueOf(replicaIdentity);
    };
  }
}
