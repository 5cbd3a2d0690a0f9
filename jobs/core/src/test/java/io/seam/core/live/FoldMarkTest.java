package io.seam.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.config.TargetConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldMarkTest {
  @TempDir
  Path dir;

  @Test
  void aMarkComesBackAsWrittenForItsSeamOnly() {
    TargetConfig target = new TargetConfig(dir.toString());
    new FoldMark("0/16B3748", Map.of("public.a", 7L, "public.b", 3L), Optional.of(3L)).write(target, new Configuration());
    assertThat(FoldMark.read(target, "0/16B3748", new Configuration())).contains(new FoldMark("0/16B3748",
        Map.of("public.a", 7L, "public.b", 3L), Optional.of(3L)));
    assertThat(FoldMark.read(target, "0/99", new Configuration())).as("another seam's mark").isEmpty();
  }

  @Test
  void aMarkWrittenBeforeWholeBatchesWereRecordedHasNone() throws Exception {
    TargetConfig target = new TargetConfig(dir.toString());
    Path file = Path.of(target.seamPath(FoldMark.FILE));
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"seamLsn\":\"0/1\",\"foldedThrough\":{\"public.a\":4}}", StandardCharsets.UTF_8);
    assertThat(FoldMark.read(target, "0/1", new Configuration()))
        .contains(new FoldMark("0/1", Map.of("public.a", 4L), Optional.empty()));
  }
}
