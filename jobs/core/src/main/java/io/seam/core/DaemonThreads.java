package io.seam.core;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Threads of Seam's own background work (renewals, watches, progress, compaction rounds): named, so a thread
 * dump says what each is, and daemons, so none of them keeps a job's JVM alive after its main work ended.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** One named daemon thread running scheduled work. */
  public static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(named(name));
  }
}
