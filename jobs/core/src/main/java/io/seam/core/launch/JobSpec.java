package io.seam.core.launch;

import io.seam.core.Causes;
import io.seam.core.config.ConfigException;
import io.seam.core.config.JobArguments;
import io.seam.core.config.MigrationConfig;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * What {@link JobLauncher} needs to know of a job: its name (the session's, and the usage's first word), the
 * flags and valued options it takes, a check of their combination, where it logs, how a failure is worded and
 * explained, and the exit code of a failure (documented by each job: 1 for a job that failed, 2 for a check
 * that could not run).
 */
public record JobSpec(String name, String usage, Set<String> flags, Set<String> required, Set<String> optional,
    Consumer<JobArguments> check, Logger log, String failure, int failureExit,
    BiFunction<RuntimeException, MigrationConfig, String> explainer) {

  public JobSpec {
    flags = Set.copyOf(flags);
    required = Set.copyOf(required);
    optional = Set.copyOf(optional);
  }

  /** A job of {@code --config FILE} and the given flags; its failures explained by {@link Causes#explanation}. */
  public static JobSpec of(String name, String usage, Set<String> flags, Logger log, String failure, int failureExit) {
    return new JobSpec(name, usage, flags, Set.of(), Set.of(), a -> { }, log, failure, failureExit,
        (e, config) -> Causes.explanation(e));
  }

  /** With options that take a value: {@code required} ones must be given, {@code optional} ones may be. */
  public JobSpec withOptions(Set<String> required, Set<String> optional) {
    return new JobSpec(name, usage, flags, required, optional, check, log, failure, failureExit, explainer);
  }

  /** With a check of the arguments' combination, run before the config is read; it throws {@link ConfigException}. */
  public JobSpec withCheck(Consumer<JobArguments> check) {
    return new JobSpec(name, usage, flags, required, optional, check, log, failure, failureExit, explainer);
  }

  /** With the job's own explanation of a failure (one that knows outside causes, e.g. the stream's stops). */
  public JobSpec withExplainer(BiFunction<RuntimeException, MigrationConfig, String> explainer) {
    return new JobSpec(name, usage, flags, required, optional, check, log, failure, failureExit, explainer);
  }

  JobArguments parse(String[] args) {
    JobArguments arguments = JobArguments.parse(args, usage, flags, required, optional);
    check.accept(arguments);
    return arguments;
  }

  String explain(RuntimeException e, MigrationConfig config) {
    return explainer.apply(e, config);
  }
}
