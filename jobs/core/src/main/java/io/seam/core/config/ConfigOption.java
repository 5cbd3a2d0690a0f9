package io.seam.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One key of the migration YAML, defined once: where it lives, its default, its lower bound and what it does.
 * The loader reads through it, the config records validate against it, and conf/migration.example.yaml is
 * rendered from it ({@link ExampleConfig}). Debezium's {@code Field} is the model.
 *
 * @param section the top-level section ("tables" for each item of the list)
 * @param defaultValue the value when the key is absent: an Integer, Boolean, String or enum constant; null
 *     when the key has none (required, or "none")
 * @param required a missing key is an error
 * @param min an integer key's smallest accepted value
 * @param defaultText how the documented example states the default, when not the value itself
 * @param example the documented example's value (YAML), when not the default
 * @param commented the documented example shows the key commented out
 * @param description what the key does, as the example's comment says it (after "default X" or "required")
 */
public record ConfigOption(String section, String key, Object defaultValue, boolean required, int min,
    String defaultText, String example, boolean commented, String description) {

  public static ConfigOption integer(String section, String key, int dflt, int min, String description) {
    if (dflt < min) {
      throw new IllegalArgumentException(section + "." + key + ": default " + dflt + " below its bound " + min);
    }
    return new ConfigOption(section, key, dflt, false, min, null, null, false, description);
  }

  public static ConfigOption bool(String section, String key, boolean dflt, String description) {
    return new ConfigOption(section, key, dflt, false, 0, null, null, false, description);
  }

  /** A text key; a null default is documented as "none". */
  public static ConfigOption text(String section, String key, String dflt, String description) {
    return new ConfigOption(section, key, dflt, false, 0, null, null, false, description);
  }

  public static ConfigOption required(String section, String key, String example, String description) {
    return new ConfigOption(section, key, null, true, 0, null, example, false, description);
  }

  public static <E extends Enum<E>> ConfigOption choice(String section, String key, E dflt, String description) {
    return new ConfigOption(section, key, dflt, false, 0, null, null, false, description);
  }

  /** The same key, shown in the example with this value instead of its default. */
  public ConfigOption withExample(String yaml) {
    return new ConfigOption(section, key, defaultValue, required, min, defaultText, yaml, commented, description);
  }

  /** The same key, its default stated as this text (a default that is another key's value). */
  public ConfigOption withDefaultText(String text) {
    return new ConfigOption(section, key, defaultValue, required, min, text, example, commented, description);
  }

  /** The same key, commented out in the example (a key whose presence changes behaviour). */
  public ConfigOption commentedOut(String yaml) {
    return new ConfigOption(section, key, defaultValue, required, min, defaultText, yaml, true, description);
  }

  /** The key as error messages name it: {@code stream.trigger_interval_seconds}. */
  public String path() {
    return section + "." + key;
  }

  public int defaultInt() {
    return (Integer) defaultValue;
  }

  public boolean defaultBool() {
    return (Boolean) defaultValue;
  }

  public String defaultString() {
    return (String) defaultValue;
  }

  /** {@code value}, when this integer key accepts it; else the error a config file with it would get. */
  public int check(int value) {
    if (value < min) {
      throw new ConfigException(path() + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  /** The default as the example's comment states it: "default 10", "default none", "required". */
  String documentedDefault() {
    if (required) {
      return "required";
    }
    if (defaultText != null) {
      return "default " + defaultText;
    }
    return "default " + (defaultValue == null ? "none" : yaml(defaultValue));
  }

  /** The value the example shows. */
  String documentedValue() {
    return example != null ? example : yaml(defaultValue);
  }

  /** An enum key's accepted values, as the config spells them. */
  static String choices(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining("|"));
  }

  private static String yaml(Object value) {
    return value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : String.valueOf(value);
  }
}
