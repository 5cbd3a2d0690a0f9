package io.seam.core.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A job's command line: {@code --config FILE}, the flags the job knows and the options it takes a value for
 * ({@code --queries DIR}); anything else is an error.
 */
public record JobArguments(Path configFile, Set<String> flags, Map<String, String> options) {

  public JobArguments {
    flags = Set.copyOf(flags);
    options = Map.copyOf(options);
  }

  public static JobArguments parse(String[] args, String usage, Set<String> knownFlags) {
    return parse(args, usage, knownFlags, Set.of());
  }

  /** {@code valued}: the options that take a value, every one of them required. */
  public static JobArguments parse(String[] args, String usage, Set<String> knownFlags, Set<String> valued) {
    Path config = null;
    Set<String> flags = new HashSet<>();
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        config = Path.of(args[++i]);
      } else if (valued.contains(args[i]) && i + 1 < args.length) {
        options.put(args[i], args[++i]);
      } else if (knownFlags.contains(args[i])) {
        flags.add(args[i]);
      } else {
        throw new ConfigException("unknown argument " + args[i] + "; usage: " + usage);
      }
    }
    if (config == null || !options.keySet().containsAll(valued)) {
      throw new ConfigException("usage: " + usage);
    }
    return new JobArguments(config, flags, options);
  }

  public boolean has(String flag) {
    return flags.contains(flag);
  }

  /** The value of an option the job declared ({@link #parse(String[], String, Set, Set)}). */
  public String option(String name) {
    return options.get(name);
  }

  public MigrationConfig load() {
    return MigrationConfigLoader.load(configFile);
  }
}
