package io.seam.core.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.seam.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class JobLauncherTest {
  private static final JobSpec JOB = JobSpec.of("demo", "demo --config FILE [--fast]", Set.of("--fast"),
      LoggerFactory.getLogger("io.seam.test"), "demo failed", 1);

  @TempDir
  Path dir;

  private String config() throws Exception {
    Path f = dir.resolve("m.yaml");
    Files.writeString(f, "source:\n  database: shop\n  user: migrator\ntables:\n  - name: orders\ntarget:\n  path: lake\n");
    return f.toString();
  }

  @Test
  void badArgumentsAndBadConfigsExitTwoWithoutRunningTheBody() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    JobLauncher.Body body = (a, c) -> {
      ran.set(true);
      return 0;
    };
    assertThat(JobLauncher.run(JOB, new String[] {"--config"}, body)).isEqualTo(JobLauncher.BAD_INPUT);
    assertThat(JobLauncher.run(JOB, new String[] {"--config", config(), "--slow"}, body)).isEqualTo(2);
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "source: [unclosed");
    assertThat(JobLauncher.run(JOB, new String[] {"--config", broken.toString()}, body)).isEqualTo(2);
    JobSpec checked = JOB.withCheck(a -> {
      if (!a.has("--fast")) {
        throw new ConfigException("say --fast");
      }
    });
    assertThat(JobLauncher.run(checked, new String[] {"--config", config()}, body)).isEqualTo(2);
    assertThat(ran).as("the body never ran").isFalse();
    assertThat(JobLauncher.run(checked, new String[] {"--config", config(), "--fast"}, body)).isZero();
    assertThat(ran).isTrue();
  }

  @Test
  void theBodysExitCodeAndFlagsPassThrough() throws Exception {
    assertThat(JobLauncher.run(JOB, new String[] {"--fast", "--config", config()},
        (a, c) -> a.has("--fast") && c.tables().size() == 1 ? 3 : 0)).isEqualTo(3);
  }

  @Test
  void aFailureExitsWithTheJobsCodeAndIsExplainedOnce() throws Exception {
    List<String> explained = new ArrayList<>();
    JobSpec job = JOB.withExplainer((e, c) -> {
      explained.add(io.seam.core.Causes.explanation(e));
      return explained.get(0);
    });
    RuntimeException wrapped = new RuntimeException("Job aborted due to stage failure",
        new IllegalStateException("disk full"));
    assertThat(JobLauncher.run(job, new String[] {"--config", config()}, (a, c) -> {
      throw wrapped;
    })).isEqualTo(1);
    assertThat(explained).containsExactly("disk full");
  }
}
