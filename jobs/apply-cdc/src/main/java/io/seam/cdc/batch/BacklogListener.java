package io.seam.cdc.batch;

import java.util.Map;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the Kafka consumer lag (records in the topic not yet read) after each micro-batch. */
public final class BacklogListener extends StreamingQueryListener {
  private static final Logger LOG = LoggerFactory.getLogger("io.seam.cdc");

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    // nothing to report yet
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    for (SourceProgress s : event.progress().sources()) {
      Map<String, String> m = s.metrics();
      if (m != null && m.containsKey("maxOffsetsBehindLatest")) {
        LOG.info("batch {}: Kafka consumer lag {} records", event.progress().batchId(), m.get("maxOffsetsBehindLatest"));
      }
    }
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {
    // idle: no lag to report
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    // the runner reports termination
  }
}
