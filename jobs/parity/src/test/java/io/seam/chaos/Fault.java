package io.seam.chaos;

import static io.seam.chaos.ChaosRig.await;
import static io.seam.chaos.ChaosRig.kill9;
import static io.seam.chaos.ChaosRig.randomPause;
import static io.seam.chaos.ChaosShell.quote;

import io.seam.cdc.debezium.ChangeTopicReset;
import io.seam.testkit.LocalStack;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/**
 * The fault matrix's scenarios (RELIABILITY.md): each injects its fault into the running migration and recovers
 * the way an operator would, saying what it did and, for a designed stop, the stop's own words. The matrix then
 * waits for the stream and runs parity ({@link FaultMatrixIT}).
 */
enum Fault {
  BACKFILL_INTERRUPTED("backfill-interrupted", "Re-run with --restart") {
    @Override
    Injected inject(ChaosRig rig) {
      // Every run starts with it: the setup's backfill is killed half way and re-run (ChaosRig.start).
      return rig.interruptedBackfill();
    }
  },
  KILL_APPLY("kill-apply", null) {
    @Override
    Injected inject(ChaosRig rig) {
      killApply(rig);
      return new Injected("kill -9 of the apply job mid-stream, restarted", Optional.empty());
    }
  },
  RESTART_DEBEZIUM("restart-debezium", null) {
    @Override
    Injected inject(ChaosRig rig) {
      randomPause(3, 10);
      kill9(rig.pidFile(rig.work().resolve("debezium.pid")).orElseThrow(
          () -> new IllegalStateException("Debezium Server is not running before the fault")));
      ChaosRig.requireStarted(rig.streamStart());
      return new Injected("kill -9 of Debezium Server, restarted (it replays from its stored offset)", Optional.empty());
    }
  },
  RESTART_KAFKA("restart-kafka", null) {
    @Override
    Injected inject(ChaosRig rig) {
      randomPause(3, 10);
      Path pid = LocalStack.state().resolve("kafka/kafka.pid");
      kill9(rig.pidFile(pid).orElseThrow(() -> new IllegalStateException("Kafka is not running before the fault")));
      rig.shell.run("kafka-up", "rm -f \"$KAFKA_PID\"; kafka_up", Duration.ofMinutes(2));
      ChaosRig.requireStarted(rig.streamStart());
      return new Injected("kill -9 of the Kafka broker, restarted", Optional.empty());
    }
  },
  RESTART_POSTGRES_FAST("restart-postgres-fast", null) {
    @Override
    Injected inject(ChaosRig rig) {
      return restartPostgres(rig, "fast");
    }
  },
  RESTART_POSTGRES_IMMEDIATE("restart-postgres-immediate", null) {
    @Override
    Injected inject(ChaosRig rig) {
      return restartPostgres(rig, "immediate");
    }
  },
  KILL_APPLY_REPEATEDLY("kill-apply-repeatedly", null) {
    @Override
    Injected inject(ChaosRig rig) {
      for (int i = 0; i < 5; i++) {
        killApply(rig);
      }
      return new Injected("kill -9 of the apply job 5 times at random points (3-12 s apart), restarted each time",
          Optional.empty());
    }
  },
  DISK_FULL("disk-full", "ran out of space") {
    @Override
    Injected inject(ChaosRig rig) {
      if (!rig.lakeHasItsOwnFilesystem()) {
        return new Injected("not run: no size-limited filesystem for the lake (mounting a tmpfs needs root)",
            Optional.of("NONE: the lake is not on its own filesystem"));
      }
      randomPause(3, 8);
      Path filler = rig.lake.resolve(".chaos-filler");
      fill(filler);
      // The apply job's next Delta or checkpoint write fails: it must stop by itself and say why.
      Optional<String> stop = applyStop(rig, designedStop, Duration.ofMinutes(3));
      rig.applyJvm().ifPresent(ChaosRig::kill9);  // still running: recorded as no stop
      delete(filler);
      ChaosRig.requireStarted(rig.streamStart());
      return new Injected("the lake's filesystem filled up (written until ENOSPC) under the running stream; space"
          + " freed, stream started again", stop);
    }
  },
  RETENTION_GAP("retention-gap", "change topic offsets are gone") {
    @Override
    Injected inject(ChaosRig rig) {
      randomPause(3, 8);
      long applied = rig.streamStatus().path("appliedOffset").asLong();
      killApplyJvm(rig);
      // Debezium goes on writing changes nobody reads; then retention's effect: the log start moves past them.
      String topic = rig.migration().stream().changesTopic();
      await("Debezium to write changes past the applied offset", Duration.ofMinutes(2),
          () -> rig.streamStatus().path("topicEnd").asLong() > applied + 50);
      long end = ChangeTopicReset.logBounds(rig.migration()).ends().values().stream().mapToLong(Long::longValue)
          .max().orElseThrow();
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
          rig.migration().stream().bootstrapServers()))) {
        admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(end))).all().get();
      } catch (Exception e) {
        throw new IllegalStateException("could not delete records from " + topic + ": " + e.getMessage(), e);
      }
      ChaosRig.requireStarted(rig.streamStart());
      Optional<String> stop = applyStop(rig, designedStop, Duration.ofMinutes(3));
      if (stop.isPresent()) {
        rig.reseam();  // only as the stop says; without it, parity shows what was lost
      }
      return new Injected("records deleted from the change topic before the apply job read them (as retention"
          + " would), then re-seamed", stop);
    }
  },
  DROP_SLOT("drop-slot", "the seam slot") {
    @Override
    Injected inject(ChaosRig rig) {
      randomPause(3, 8);
      // Dropped under the running stream: the walsender is ended and the slot dropped before Debezium is back.
      await("the seam slot to be dropped", Duration.ofSeconds(30), () -> rig.shell.attempt("drop-slot",
          "pg_psql_admin -d " + ChaosRig.DB + " -q -c \"SELECT pg_terminate_backend(active_pid) FROM"
              + " pg_replication_slots WHERE slot_name = '" + ChaosRig.SLOT + "' AND active_pid IS NOT NULL\""
              + " >/dev/null; pg_psql_admin -d " + ChaosRig.DB + " -q -c \"SELECT pg_drop_replication_slot('"
              + ChaosRig.SLOT + "')\" >/dev/null", Duration.ofSeconds(10)).ok());
      // The operator restarts the stream; it must refuse.
      rig.shell.run("debezium-stop", "debezium_stop " + quote(rig.work()), Duration.ofMinutes(1));
      ChaosShell.Result start = rig.streamStart();
      Optional<String> stop = start.ok() ? Optional.empty() : start.errLineFrom(designedStop);
      if (stop.isPresent()) {
        rig.reseam();
      }
      return new Injected("the seam slot dropped under the running stream (walsender ended,"
          + " pg_drop_replication_slot), then re-seamed", stop);
    }
  };

  /** What a fault did, and the designed stop's words when it has one. */
  record Injected(String what, Optional<String> stop) {}

  static final List<Fault> FAST = List.of(BACKFILL_INTERRUPTED, KILL_APPLY, RESTART_DEBEZIUM);

  final String id;
  /** The words the fault's designed stop must say; null when the stream must ride the fault out. */
  final String designedStop;

  Fault(String id, String designedStop) {
    this.id = id;
    this.designedStop = designedStop;
  }

  abstract Injected inject(ChaosRig rig);

  static Fault of(String id) {
    for (Fault f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown scenario '" + id + "' (known: "
        + String.join(" ", java.util.Arrays.stream(values()).map(f -> f.id).toList()) + ")");
  }

  private static void killApply(ChaosRig rig) {
    randomPause(3, 12);
    killApplyJvm(rig);
    ChaosRig.requireStarted(rig.streamStart());
  }

  /**
   * {@code kill -9} of the apply job's JVM, then waits for bin/seam apply-cdc around it to end too: until it has,
   * stream start would take the job for running.
   */
  private static void killApplyJvm(ChaosRig rig) {
    Optional<ProcessHandle> wrapper = rig.pidFile(rig.work().resolve("apply.pid"));
    kill9(rig.applyJvm().orElseThrow(() -> new IllegalStateException("the apply job is not running before the fault")));
    wrapper.ifPresent(w -> await("bin/seam apply-cdc to end with its JVM", Duration.ofSeconds(30), () -> !w.isAlive()));
  }

  private static Injected restartPostgres(ChaosRig rig, String mode) {
    randomPause(3, 10);
    rig.shell.run("pg-restart-" + mode, "pg_as_owner \"$(pg_bindir)/pg_ctl\" -D \"$PG_DATA\" -l \"$PG_LOG\" -m " + mode
        + " -w -t 60 restart >/dev/null", Duration.ofMinutes(2));
    rig.loadStart();  // pgbench gives up when its connections drop
    ChaosRig.requireStarted(rig.streamStart());
    return new Injected("PostgreSQL restarted (-m " + mode + ") while streaming, load restarted", Optional.empty());
  }

  /**
   * The apply job's designed stop: its process ends by itself within {@code limit}, and its last word (the line the
   * launcher logs, {@code apply-cdc stopped: ...}) says {@code words}. Empty when it did neither.
   */
  private static Optional<String> applyStop(ChaosRig rig, String words, Duration limit) {
    // bin/seam apply-cdc, whose pid stream start records before it returns, ends when the job's JVM does.
    Optional<ProcessHandle> job = rig.pidFile(rig.work().resolve("apply.pid"));
    boolean ended = ChaosRig.poll(limit, () -> job.map(p -> !p.isAlive()).orElse(true));
    return ended ? ChaosRig.lastLineWith(rig.work().resolve("apply.log"), "apply-cdc stopped: ")
        .filter(l -> l.contains(words)) : Optional.empty();
  }

  private static void fill(Path file) {
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      // ENOSPC: the filesystem is full, which is the fault
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
