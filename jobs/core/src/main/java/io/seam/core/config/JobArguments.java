package io.seam.core.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** A job's command line: {@code --config FILE} and the flags the job knows; anything else is an error. */
public record JobArguments(Path configFile, Set<String> flags) {

  public static JobArguments parse(String[] args, String usage, Set<String> knownFlags) {
    Path config = null;
    Set<String> flags = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        config = Path.of(args[++i]);
      } else if (knownFlags.contains(args[i])) {
        flags.add(args[i]);
      } else {
        throw new ConfigException("unknown argument " + args[i] + "; usage: " + usage);
      }
    }
    if (config == null) {
      throw new ConfigException("usage: " + usage);
    }
    return new JobArguments(config, Set.copyOf(flags));
  }

  public boolean has(String flag) {
    return flags.contains(flag);
  }

  public MigrationConfig load() {
    return MigrationConfigLoader.load(configFile);
  }
}
