package io.seam.cdc.status;

import java.util.Map;

/**
 * How far the apply job has read the change topic: per partition, the topic's log start and end and the offset
 * the job reads next (its checkpoint's last committed batch; the log start before its first). {@code bin/seam stream status} prints it; scripts read
 * its JSON. It says nothing about the source: whether the stream has applied what the source committed is
 * {@code bin/seam catch-up}'s question, answered by LSN.
 */
public record TopicProgress(String topic, Map<Integer, Long> starts, Map<Integer, Long> ends,
    Map<Integer, Long> applied) {
  public TopicProgress {
    starts = Map.copyOf(starts);
    ends = Map.copyOf(ends);
    applied = Map.copyOf(applied);
  }

  public long end() {
    return ends.values().stream().mapToLong(Long::longValue).sum();
  }

  public long appliedOffset() {
    return applied.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Records still in the topic that the apply job has not applied yet: those before a partition's log start
   * (retention, or an earlier seam's records deleted at this seam's first start) can no longer be read.
   */
  public long behind() {
    long behind = 0;
    for (Map.Entry<Integer, Long> e : ends.entrySet()) {
      long start = starts.getOrDefault(e.getKey(), 0L);
      behind += Math.max(0, e.getValue() - Math.max(start, applied.getOrDefault(e.getKey(), start)));
    }
    return behind;
  }

  public String line() {
    if (ends.isEmpty()) {
      return "topic       " + topic + " does not exist yet (bin/seam stream start creates it)";
    }
    return "topic       " + topic + ": " + String.format("%,d", behind()) + " record(s) not applied yet (the apply job"
        + " reads offset " + String.format("%,d", appliedOffset()) + " next; the topic ends at "
        + String.format("%,d", end()) + ")";
  }
}
