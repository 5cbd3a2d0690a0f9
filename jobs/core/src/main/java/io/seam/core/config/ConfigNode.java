package io.seam.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One YAML mapping with its dotted path, handing out typed values and remembering which keys were
 * read, so that {@link #done()} can reject every key nobody asked for (a typo must not be ignored).
 */
final class ConfigNode {
  private final String path;
  private final Map<String, Object> values;
  private final Set<String> read = new LinkedHashSet<>();
  private final UnaryOperator<String> env;

  ConfigNode(String path, Map<String, Object> values, UnaryOperator<String> env) {
    this.path = path;
    this.values = values == null ? Map.of() : values;
    this.env = env;
  }

  static ConfigNode root(Object yaml, UnaryOperator<String> env) {
    if (yaml == null) {
      throw new ConfigException("the migration config is empty; see conf/migration.example.yaml");
    }
    if (!(yaml instanceof Map<?, ?>)) {
      throw new ConfigException("the migration config must be a YAML mapping at the top level");
    }
    return new ConfigNode("", cast(yaml, ""), env);
  }

  String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  boolean has(String name) {
    return values.get(name) != null;
  }

  private Object raw(String name) {
    read.add(name);
    Object v = values.get(name);
    return v instanceof String text ? EnvReferences.resolve(text, key(name), env) : v;
  }

  /** The option's value here: its default when absent, an error naming the key when out of its bounds. */
  int integer(ConfigOption o) {
    return integer(o.key(), o.defaultInt(), o.min());
  }

  boolean bool(ConfigOption o) {
    return bool(o.key(), o.defaultBool());
  }

  /** A text option's value; a required one must be present and not blank. */
  String string(ConfigOption o) {
    return o.required() ? requiredString(o.key()) : string(o.key(), o.defaultString());
  }

  <E extends Enum<E>> E enumValue(ConfigOption o, Class<E> type) {
    return enumValue(o.key(), type, type.cast(o.defaultValue()));
  }

  String requiredString(String name) {
    String v = string(name, null);
    if (v == null || v.isBlank()) {
      throw new ConfigException("missing required key " + key(name));
    }
    return v;
  }

  String string(String name, String dflt) {
    Object v = raw(name);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      throw new ConfigException(key(name) + " must be a single value, got " + describe(v));
    }
    return String.valueOf(v);
  }

  int integer(String name, int dflt, int min) {
    Object v = raw(name);
    if (v == null) {
      return dflt;
    }
    int n;
    try {
      n = v instanceof Number num ? Math.toIntExact(num.longValue()) : Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigException(key(name) + " must be a whole number, got '" + v + "'");
    }
    if (n < min) {
      throw new ConfigException(key(name) + " must be >= " + min + ", got " + n);
    }
    return n;
  }

  boolean bool(String name, boolean dflt) {
    Object v = raw(name);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ConfigException(key(name) + " must be true or false, got '" + v + "'");
  }

  List<String> stringList(String name) {
    Object v = raw(name);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object o : list) {
        if (o == null || o instanceof Map<?, ?> || o instanceof List<?>) {
          throw new ConfigException(key(name) + " must be a list of names, got " + describe(o));
        }
        out.add(EnvReferences.resolve(o.toString(), key(name), env));
      }
      return List.copyOf(out);
    }
    return List.of(v.toString());
  }

  /** A mapping of names to single values (client settings passed through as they are). */
  Map<String, String> stringMap(String name) {
    Object v = raw(name);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?>)) {
      throw new ConfigException(key(name) + " must be a mapping of names to values, got " + describe(v));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : cast(v, key(name)).entrySet()) {
      Object value = e.getValue();
      if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
        throw new ConfigException(key(name) + "." + e.getKey() + " must be a single value, got " + describe(value));
      }
      out.put(e.getKey(), EnvReferences.resolve(value.toString(), key(name) + "." + e.getKey(), env));
    }
    return out;
  }

  <E extends Enum<E>> E enumValue(String name, Class<E> type, E dflt) {
    String v = string(name, null);
    if (v == null) {
      return dflt;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v.replace('-', '_'))) {
        return e;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(e.name().toLowerCase());
    }
    throw new ConfigException(key(name) + " must be one of " + allowed + ", got '" + v + "'");
  }

  /** A nested mapping; an absent one is an empty node so every default applies. */
  ConfigNode section(String name) {
    Object v = raw(name);
    if (v != null && !(v instanceof Map<?, ?>)) {
      throw new ConfigException(key(name) + " must be a mapping, got " + describe(v));
    }
    return new ConfigNode(key(name), v == null ? Map.of() : cast(v, key(name)), env);
  }

  List<ConfigNode> sectionList(String name) {
    Object v = raw(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new ConfigException(key(name) + " must be a list, got " + describe(v));
    }
    List<ConfigNode> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      String itemPath = key(name) + "[" + i + "]";
      if (!(item instanceof Map<?, ?>)) {
        throw new ConfigException(itemPath + " must be a mapping, got " + describe(item));
      }
      out.add(new ConfigNode(itemPath, cast(item, itemPath), env));
    }
    return out;
  }

  /** Rejects every key that was not read: unknown keys are errors, not silently ignored. */
  void done() {
    for (String k : values.keySet()) {
      if (!read.contains(k)) {
        throw new ConfigException("unknown key " + key(k) + " (known keys here: " + String.join(", ", read) + ")");
      }
    }
  }

  private static String describe(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (v instanceof List<?>) {
      return "a list";
    }
    return "'" + v + "'";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object map, String where) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) map).entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new ConfigException("key '" + e.getKey() + "' under " + (where.isEmpty() ? "the top level" : where)
            + " must be a name");
      }
      out.put((String) e.getKey(), e.getValue());
    }
    return out;
  }
}
