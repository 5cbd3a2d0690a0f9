package io.seam.backfill.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  @Test
  void showsRowsShareRateAndEta() {
    assertThat(ProgressLine.format("public.orders", 1_000_000, 4_000_000, 2, 8, Duration.ofSeconds(10)))
        .isEqualTo("public.orders: 1.00M / ~4.00M rows (25%), splits 2/8, 100.0k rows/s, ETA 0:30");
  }

  @Test
  void unknownTotalsShowNoShareOrEta() {
    assertThat(ProgressLine.format("t", 5000, 0, 0, 4, Duration.ofSeconds(5)))
        .isEqualTo("t: 5000 rows, splits 0/4, 1000 rows/s");
  }

  @Test
  void anUnderestimatedTotalNeverShowsHundredPercentOrNegativeEta() {
    assertThat(ProgressLine.format("t", 150, 100, 1, 2, Duration.ofSeconds(1)))
        .isEqualTo("t: 150 / ~100 rows (99%), splits 1/2, 150 rows/s");
    assertThat(ProgressLine.clock(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
  }
}
