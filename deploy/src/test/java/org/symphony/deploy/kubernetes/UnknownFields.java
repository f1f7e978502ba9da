package org.symphony.deploy.kubernetes;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields the fabric8 model did not know. Its classes keep them in an {@code additionalProperties} map (a Jackson
 * any-setter) instead of failing, so FAIL_ON_UNKNOWN_PROPERTIES never fires: the object graph is walked instead and
 * every non-empty map is reported with its path, e.g. {@code spec.template.spec.containers[0].readinesProbe}.
 */
final class UnknownFields {

  private static final String MODEL_PACKAGE = "io.fabric8.";
  private static final String ADDITIONAL_PROPERTIES = "additionalProperties";

  private UnknownFields() {}

  static List<String> in(Object root) {
    List<String> found = new ArrayList<>();
    walk(root, "", found, Collections.newSetFromMap(new IdentityHashMap<>()));
    return found;
  }

  private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
    if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean
        || value instanceof Enum<?> || !seen.add(value)) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, join(path, String.valueOf(k)), found, seen));
    } else if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) walk(item, path + "[" + i++ + "]", found, seen);
    } else if (value.getClass().getName().startsWith(MODEL_PACKAGE)) {
      walkModel(value, path, found, seen);
    }
  }

  private static void walkModel(Object value, String path, List<String> found, Set<Object> seen) {
    for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) continue;
        Object fieldValue = read(field, value);
        if (field.getName().equals(ADDITIONAL_PROPERTIES) && fieldValue instanceof Map<?, ?> extra) {
          extra.keySet().forEach(k -> found.add(join(path, String.valueOf(k))));
        } else {
          walk(fieldValue, join(path, field.getName()), found, seen);
        }
      }
    }
  }

  private static Object read(Field field, Object owner) {
    try {
      field.setAccessible(true);
      return field.get(owner);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + field + ": " + e.getMessage(), e);
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
