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
    return parse(args, usage, knownFlags, valued, Set.of());
  }

  /**
   * {@code required} and {@code optional}: the options that take a value, the first all to be given. An option
   * given without its value is an error naming it, as is one given twice.
   */
  public static JobArguments parse(String[] args, String usage, Set<String> knownFlags, Set<String> required,
      Set<String> optional) {
    Set<String> valued = new HashSet<>(required);
    valued.addAll(optional);
    Path config = null;
    Set<String> flags = new HashSet<>();
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if ((args[i].equals("--config") || valued.contains(args[i])) && i + 1 >= args.length) {
        throw new ConfigException(args[i] + " needs a value; usage: " + usage);
      }
      if ((args[i].equals("--config") && config != null) || options.containsKey(args[i])) {
        throw new ConfigException(args[i] + " is given twice; usage: " + usage);
      }
      if (args[i].equals("--config")) {
        config = Path.of(args[++i]);
      } else if (valued.contains(args[i])) {
        options.put(args[i], args[++i]);
      } else if (knownFlags.contains(args[i])) {
        flags.add(args[i]);
      } else {
        throw new ConfigException("unknown argument " + args[i] + "; usage: " + usage);
      }
    }
    if (config == null || !options.keySet().containsAll(required)) {
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
