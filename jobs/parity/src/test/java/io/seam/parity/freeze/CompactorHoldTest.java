package io.seam.parity.freeze;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.Lsn;
import io.seam.core.config.TargetConfig;
import io.seam.core.live.FreezeHold;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactorHoldTest {
  @TempDir
  Path dir;

  @Test
  void theHoldIsOnFileBeforeTheFreezeNamesFOnceTakenAndGoesWithTheRun() {
    TargetConfig target = new TargetConfig(dir.toString());
    Configuration hadoop = new Configuration();
    Lsn f = Lsn.parse("0/272B9538");
    try (CompactorHold hold = CompactorHold.take(target, "parity-1", hadoop)) {
      assertThat(FreezeHold.read(target, hadoop)).singleElement().satisfies(h -> {
        assertThat(h.runId()).isEqualTo("parity-1");
        assertThat(h.freeze()).as("written before the freeze: nothing streamed may be folded").isEmpty();
      });
      hold.freezeAt(f);
      assertThat(FreezeHold.read(target, hadoop)).singleElement()
          .satisfies(h -> assertThat(h.freeze()).isEqualTo(Optional.of(f)));
      hold.requireKeptThroughout();
    }
    assertThat(FreezeHold.read(target, hadoop)).isEmpty();
  }
}
