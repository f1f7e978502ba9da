package org.symphony.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a client generator would trip over in an OpenAPI 3.1 document: the swagger parser's messages, a
 * {@code $ref} that points nowhere, and a schema with a member that is no schema keyword (how an unquoted
 * comma in a flow mapping, {@code {description: a, b}}, shows up: a stray key {@code b}). The parser
 * alone misses that last one, because 3.1 schemas may carry unknown keywords.
 */
final class OpenApiCheck {

  /** JSON Schema 2020-12 keywords plus OpenAPI's own; anything else in a schema is a mistake here. */
  private static final Set<String> SCHEMA_KEYWORDS =
      Set.of(
          "$ref", "$id", "$schema", "$anchor", "$defs", "$comment", "$dynamicRef", "$dynamicAnchor",
          "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
          "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
          "maxProperties", "minProperties", "required", "dependentRequired",
          "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples", "example",
          "format", "contentEncoding", "contentMediaType", "contentSchema",
          "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentSchemas",
          "prefixItems", "items", "contains", "properties", "patternProperties", "additionalProperties",
          "propertyNames", "unevaluatedItems", "unevaluatedProperties",
          "discriminator", "xml", "externalDocs");
  /** Keywords whose value is a schema, or a map or list of schemas. */
  private static final Set<String> SUBSCHEMA = Set.of(
      "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
      "unevaluatedItems", "unevaluatedProperties", "contentSchema");
  private static final Set<String> SUBSCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs", "dependentSchemas");
  private static final Set<String> SUBSCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
  private static final Set<String> TEXT_KEYWORDS = Set.of("description", "title", "pattern", "format", "$ref");

  private OpenApiCheck() {}

  /** Every problem found, each naming where; empty when the document is sound. */
  static List<String> problems(String yaml) {
    List<String> problems = new ArrayList<>();
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);
    if (result.getMessages() != null) result.getMessages().forEach(m -> problems.add("parser: " + m));
    if (result.getOpenAPI() == null) problems.add("parser: no document");

    JsonNode root;
    try {
      root = new YAMLMapper().readTree(yaml);
    } catch (JsonProcessingException e) {
      problems.add("yaml: " + e.getOriginalMessage());
      return problems;
    }
    walk(root, root, "", problems);
    return problems;
  }

  /** Outside schemas: check every $ref, and hand each schema to {@link #schema}. */
  private static void walk(JsonNode root, JsonNode node, String at, List<String> problems) {
    if (node.isArray()) for (int i = 0; i < node.size(); i++) walk(root, node.get(i), at + "/" + i, problems);
    if (!node.isObject()) return;
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      String key = member.getKey();
      String here = at + "/" + pointerEscape(key);
      if (key.equals("$ref")) ref(root, member.getValue(), here, problems);
      else if (key.equals("schema")) schema(root, member.getValue(), here, problems);
      else if (here.equals("/components/schemas")) eachSchema(root, member.getValue(), here, problems);
      else walk(root, member.getValue(), here, problems);
    }
  }

  private static void schema(JsonNode root, JsonNode node, String at, List<String> problems) {
    if (node.isBoolean()) return;
    if (!node.isObject()) {
      problems.add(at + ": a schema must be an object, is " + node.getNodeType());
      return;
    }
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      String key = member.getKey();
      JsonNode value = member.getValue();
      String here = at + "/" + pointerEscape(key);
      if (!SCHEMA_KEYWORDS.contains(key) && !key.startsWith("x-")) problems.add(here + ": not a schema keyword");
      else if (TEXT_KEYWORDS.contains(key) && !value.isTextual()) problems.add(here + ": must be a string");
      else if (key.equals("$ref")) ref(root, value, here, problems);
      else if (SUBSCHEMA.contains(key)) schema(root, value, here, problems);
      else if (SUBSCHEMA_MAPS.contains(key)) eachSchema(root, value, here, problems);
      else if (SUBSCHEMA_LISTS.contains(key))
        for (int i = 0; i < value.size(); i++) schema(root, value.get(i), here + "/" + i, problems);
    }
  }

  private static void eachSchema(JsonNode root, JsonNode map, String at, List<String> problems) {
    for (Map.Entry<String, JsonNode> member : map.properties())
      schema(root, member.getValue(), at + "/" + pointerEscape(member.getKey()), problems);
  }

  /** The document is served alone, so every reference must be local and must land on something. */
  private static void ref(JsonNode root, JsonNode ref, String at, List<String> problems) {
    String target = ref.asText("");
    if (!target.startsWith("#/")) problems.add(at + ": not a local reference: " + target);
    else if (root.at(target.substring(1)).isMissingNode()) problems.add(at + ": unresolved " + target);
  }

  private static String pointerEscape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
