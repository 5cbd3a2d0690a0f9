package io.seam.parity.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seam.parity.ParityException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShadowQueryTest {
  @TempDir
  Path dir;

  @Test
  void aPortableFileRunsOnBothAndAPairOnItsOwnEngine() throws Exception {
    Files.writeString(dir.resolve("orders_per_status.sql"), "SELECT status, count(*) FROM orders GROUP BY status;\n");
    Files.writeString(dir.resolve("revenue_per_day.pg.sql"), "-- revenue per Berlin day\n-- seam: ordered\n"
        + "-- seam: float_tolerance 1e-6\nSELECT date_trunc('day', created_at AT TIME ZONE 'Europe/Berlin') ...");
    Files.writeString(dir.resolve("revenue_per_day.spark.sql"), "-- seam: ordered\n-- seam: float_tolerance 1e-6\n"
        + "SELECT date_trunc('DAY', from_utc_timestamp(created_at, 'Europe/Berlin')) ...");
    assertThat(ShadowQuery.load(dir)).containsExactly(
        new ShadowQuery("orders_per_status", "SELECT status, count(*) FROM orders GROUP BY status",
            "SELECT status, count(*) FROM orders GROUP BY status", false, ShadowQuery.DEFAULT_FLOAT_TOLERANCE),
        new ShadowQuery("revenue_per_day", "-- revenue per Berlin day\n-- seam: ordered\n-- seam: float_tolerance 1e-6\n"
            + "SELECT date_trunc('day', created_at AT TIME ZONE 'Europe/Berlin') ...", "-- seam: ordered\n-- seam:"
            + " float_tolerance 1e-6\nSELECT date_trunc('DAY', from_utc_timestamp(created_at, 'Europe/Berlin')) ...",
            true, 1e-6));
  }

  @Test
  void aHalfPairAnUnknownDirectiveOrAnEmptyFolderIsAClearError() throws Exception {
    assertThatThrownBy(() -> ShadowQuery.load(dir)).isInstanceOf(ParityException.class).hasMessageContaining("no .sql file");
    Files.writeString(dir.resolve("top.pg.sql"), "SELECT 1");
    assertThatThrownBy(() -> ShadowQuery.load(dir)).hasMessageContaining("top.pg.sql has no pair; add top.spark.sql");
    Files.writeString(dir.resolve("top.spark.sql"), "-- seam: sorted\nSELECT 1");
    assertThatThrownBy(() -> ShadowQuery.load(dir)).hasMessageContaining("unknown directive '-- seam: sorted'");
    Files.writeString(dir.resolve("top.spark.sql"), "-- seam: ordered\nSELECT 1");
    assertThatThrownBy(() -> ShadowQuery.load(dir)).hasMessageContaining("put the same lines in both");
    assertThatThrownBy(() -> ShadowQuery.load(dir.resolve("missing"))).hasMessageContaining("is not a directory");
  }
}
