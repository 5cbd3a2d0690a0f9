package io.seam.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchAppendTest {
  private static final BatchAppend.Mark MARK = new BatchAppend.Mark("apply-cdc", "seam-apply:slot:0/16B3748", 7,
      figures());

  private static Map<String, Object> figures() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("appliedLsn", "0/1A2B3C");
    return f;
  }

  @Test
  void aCommitNamesItsWriterAppAndBatchWithTheWritersFigures() {
    assertThat(MARK.json()).isEqualTo("{\"seam\":{\"operation\":\"apply-cdc\",\"app\":\"seam-apply:slot:0/16B3748\","
        + "\"batch\":7,\"appliedLsn\":\"0/1A2B3C\"}}");
    assertThat(MARK.batchOf(MARK.json())).contains(7L);
  }

  @Test
  void onlyTheSameWritersAndAppsMarksCount() {
    assertThat(MARK.batchOf(new BatchAppend.Mark("apply-progress", MARK.app(), 9, Map.of()).json()))
        .as("another writer into the same table").isEmpty();
    assertThat(MARK.batchOf(new BatchAppend.Mark("apply-cdc", "seam-apply:slot:0/99", 9, Map.of()).json()))
        .as("an earlier seam's app").isEmpty();
    assertThat(MARK.batchOf("{\"seam\":{\"operation\":\"compaction\",\"throughBatch\":3}}")).isEmpty();
    assertThat(MARK.batchOf("not json, another tool's metadata")).isEmpty();
    assertThat(MARK.batchOf(null)).isEmpty();
  }
}
