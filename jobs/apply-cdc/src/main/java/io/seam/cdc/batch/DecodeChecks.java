package io.seam.cdc.batch;

import io.seam.core.live.LiveTablePlan;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.RuntimeReplaceable;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Why a parsed change cannot be logged, decided inside the parser's pass: each table's
 * {@link LiveTablePlan#imageErrorsSql} is analysed by Spark once, when the table's columns are known, and then
 * evaluated row by row on the executors. As one SQL expression with a branch per table, the check was analysed,
 * optimised and compiled again by every batch, which a profile of fifty tables showed as most of a quiet
 * batch's time; the same SQL keeps one definition of what converts (ColumnDecoding), here and in the readers.
 */
public final class DecodeChecks implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Checks nothing: every change passes (the parser's own tests). */
  public static final DecodeChecks NONE = new DecodeChecks(null);
  private static final StructType IMAGE = new StructType()
      .add("image", DataTypes.createArrayType(DataTypes.StringType, true));

  /** Each table's check over a row holding its image at ordinal 0; null checks nothing. */
  private final Map<String, Expression> byTable;

  private DecodeChecks(Map<String, Expression> byTable) {
    this.byTable = byTable;
  }

  /** @param errorsSqlByTable each table's ("schema.table") {@link LiveTablePlan#imageErrorsSql} */
  public static DecodeChecks of(SparkSession spark, Map<String, String> errorsSqlByTable) {
    var images = spark.createDataFrame(List.<Row>of(), IMAGE);
    Map<String, Expression> out = new HashMap<>();
    errorsSqlByTable.forEach((table, sql) -> {
      LogicalPlan analyzed = images.selectExpr(sql).queryExecution().analyzed();
      Expression check = ((Alias) ((Project) analyzed).projectList().head()).child();
      out.put(table, executable(check));
    });
    return new DecodeChecks(out);
  }

  /**
   * The analysed expression made evaluable on its own: functions that only the optimiser would rewrite
   * ({@code nullif}, {@code try_to_binary}, ...) replaced by what they stand for, the image column bound to
   * ordinal 0 of the row it is evaluated on.
   */
  private static Expression executable(Expression e) {
    if (e instanceof RuntimeReplaceable r) {
      return executable(r.replacement());
    }
    if (e instanceof AttributeReference a) {
      return new BoundReference(0, a.dataType(), true);
    }
    return e.mapChildren(DecodeChecks::executable);
  }

  /**
   * Why this change of {@code table} with this image (its columns' text in layout order) cannot be logged, or
   * null when it can.
   */
  public String errorOf(String table, String[] image) {
    if (byTable == null) {
      return null;
    }
    Expression check = byTable.get(table);
    if (check == null) {
      return "table " + table + " is not in this migration (tables[] of the config)";
    }
    Object[] values = new Object[image == null ? 0 : image.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = image[i] == null ? null : UTF8String.fromString(image[i]);
    }
    InternalRow row = new GenericInternalRow(new Object[] {image == null ? null : new GenericArrayData(values)});
    Object error = check.eval(row);
    String message = error == null ? null : error.toString();
    return message == null || message.isEmpty() ? null : message;
  }
}
