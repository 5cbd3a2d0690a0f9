package io.seam.cdc.status;

import java.util.Map;

/**
 * How far the apply job has read the change topic: per partition, the topic's end and the offset the job
 * reads next (its checkpoint's last committed batch). {@code bin/seam stream status} prints it; scripts read
 * its JSON. It says nothing about the source: whether the stream has applied what the source committed is
 * {@code bin/seam catch-up}'s question, answered by LSN.
 */
public record TopicProgress(String topic, Map<Integer, Long> ends, Map<Integer, Long> applied) {
  public TopicProgress {
    ends = Map.copyOf(ends);
    applied = Map.copyOf(applied);
  }

  public long end() {
    return ends.values().stream().mapToLong(Long::longValue).sum();
  }

  public long appliedOffset() {
    return applied.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Records in the topic the apply job has not applied yet. */
  public long behind() {
    long behind = 0;
    for (Map.Entry<Integer, Long> e : ends.entrySet()) {
      behind += Math.max(0, e.getValue() - applied.getOrDefault(e.getKey(), 0L));
    }
    return behind;
  }

  public String line() {
    if (ends.isEmpty()) {
      return "topic       " + topic + " does not exist yet (bin/seam stream start creates it)";
    }
    return "topic       " + topic + ": " + String.format("%,d", appliedOffset()) + " of " + String.format("%,d", end())
        + " records applied (" + String.format("%,d", behind()) + " behind)";
  }
}
