package io.seam.core.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seam.core.pg.ColumnInfo;
import io.seam.core.pg.TableDescription;
import io.seam.core.pg.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnDecodingTest {
  private static final TableRef T = new TableRef("public", "orders");
  private static final String R = "raw.`c`";

  private static ColumnDecoding decode(String type, int typmod) {
    ColumnInfo c = new ColumnInfo("c", 1, type, type, 'b', typmod, false, null, (char) 0);
    return ColumnDecoding.of(new TableDescription(T, 'r', 0, 8192, 0, 'd', List.of(c), List.of("c")), c);
  }

  @Test
  void decimalsTimesAndBinaryDecodeToExactTypes() {
    assertThat(decode("numeric", ((12 << 16) | 2) + 4).convertSql(R)).isEqualTo("try_cast(raw.`c` AS DECIMAL(12,2))");
    assertThat(decode("timestamp", -1).convertSql(R))
        .isEqualTo("CAST(timestamp_micros(try_cast(raw.`c` AS BIGINT)) AS TIMESTAMP_NTZ)");
    assertThat(decode("date", -1).convertSql(R)).isEqualTo("date_add(DATE'1970-01-01', try_cast(raw.`c` AS INT))");
    assertThat(decode("bytea", -1).convertSql(R)).isEqualTo("try_to_binary(raw.`c`, 'base64')");
    assertThat(decode("timestamptz", -1).convertSql(R)).isEqualTo("try_cast(CASE WHEN endswith(raw.`c`, 'Z') THEN"
        + " substr(raw.`c`, 1, length(raw.`c`) - 1) ELSE raw.`c` END AS TIMESTAMP)");
  }

  @Test
  void textLikeColumnsDetectTheToastPlaceholder() {
    assertThat(decode("text", -1).unchangedSql(R)).isEqualTo("(raw.`c` <=> '__debezium_unavailable_value')");
    assertThat(decode("bytea", -1).unchangedSql(R)).contains(ColumnDecoding.UNAVAILABLE_BASE64);
    assertThat(decode("int4", -1).unchangedSql(R)).isEqualTo("false");
  }

  @Test
  void conversionFailuresBecomeMessages() {
    assertThat(decode("int4", -1).errorSql(R)).isEqualTo("CASE WHEN raw.`c` IS NOT NULL AND NOT false AND "
        + "(try_cast(raw.`c` AS INT)) IS NULL THEN concat('column c: cannot convert ', raw.`c`, ' to INT') END");
  }

  @Test
  void typesWhoseStreamedFormDiffersStopEarly() {
    // TypeMapping refuses them, so the backfill's source check stops before any row is read.
    assertThatThrownBy(() -> decode("interval", -1)).isInstanceOf(io.seam.core.pg.TypeMapping.TypeMappingException.class)
        .hasMessageStartingWith("column public.orders.c: type interval reaches the stream in another text form");
    assertThatThrownBy(() -> decode("timetz", -1)).isInstanceOf(io.seam.core.pg.TypeMapping.TypeMappingException.class)
        .hasMessageContaining("TYPE text");
  }
}
