package io.seam.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.Lsn;
import io.seam.core.config.TargetConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreezeHoldTest {
  private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  @TempDir
  Path dir;

  @Test
  void holdsComeBackAsWrittenAndGoWhenRemoved() {
    TargetConfig target = new TargetConfig(dir.toString());
    Configuration hadoop = new Configuration();
    assertThat(FreezeHold.read(target, hadoop)).as("no holds directory yet").isEmpty();
    FreezeHold before = new FreezeHold("run-1", Optional.empty(), NOW);
    FreezeHold after = new FreezeHold("run-2", Optional.of(Lsn.parse("0/16B3748")), NOW.plusSeconds(5));
    before.write(target, hadoop);
    after.write(target, hadoop);
    assertThat(FreezeHold.read(target, hadoop)).containsExactlyInAnyOrder(before, after);
    FreezeHold.remove(target, "run-1", hadoop);
    assertThat(FreezeHold.read(target, hadoop)).containsExactly(after);
  }

  @Test
  void anUnreadableHoldHoldsEverythingUntilItExpiresFromItsFileTime() throws Exception {
    TargetConfig target = new TargetConfig(dir.toString());
    Path file = Path.of(target.seamPath(FreezeHold.DIR), "run-3.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"runId\":\"run-3\",\"freez");
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(NOW));
    assertThat(FreezeHold.read(target, new Configuration()))
        .containsExactly(new FreezeHold("run-3", Optional.empty(), NOW));
  }

  @Test
  void aHoldExpiresUnlessRenewedAndARunKnowsWhetherItWasKeptThroughout() {
    FreezeHold hold = new FreezeHold("run-1", Optional.empty(), NOW);
    assertThat(hold.liveAt(NOW.plus(FreezeHold.EXPIRY).minusSeconds(1))).isTrue();
    assertThat(hold.liveAt(NOW.plus(FreezeHold.EXPIRY))).isFalse();
    assertThat(FreezeHold.keptThroughout(FreezeHold.RENEW_EVERY.plusSeconds(30))).isTrue();
    assertThat(FreezeHold.keptThroughout(FreezeHold.EXPIRY.minus(FreezeHold.CLOCK_SKEW_ALLOWANCE)))
        .as("a compactor whose clock runs ahead may have let it expire").isFalse();
    assertThat(FreezeHold.keptThroughout(Duration.ofHours(1))).isFalse();
  }
}
