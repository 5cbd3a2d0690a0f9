package io.seam.core;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/** The columns Seam adds to every target table (see docs/types.md). */
public final class MetadataColumns {
  public static final String VERSION = "_seam_version";
  public static final String OP = "_seam_op";
  public static final String DELETED = "_seam_deleted";
  public static final String SOURCE_TS = "_seam_source_ts";
  public static final String APPLIED_AT = "_seam_applied_at";

  /** {@code _seam_op} values. */
  public static final String OP_BACKFILL = "r";
  public static final String OP_CREATE = "c";
  public static final String OP_UPDATE = "u";
  public static final String OP_DELETE = "d";

  public static final List<StructField> FIELDS = List.of(
      DataTypes.createStructField(VERSION, DataTypes.createDecimalType(ChangeVersion.PRECISION, 0), false),
      DataTypes.createStructField(OP, DataTypes.StringType, false),
      DataTypes.createStructField(DELETED, DataTypes.BooleanType, false),
      DataTypes.createStructField(SOURCE_TS, DataTypes.TimestampType, true),
      DataTypes.createStructField(APPLIED_AT, DataTypes.TimestampType, false));

  private MetadataColumns() {}

  public static boolean isMetadata(String column) {
    return column.startsWith("_seam_");
  }
}
