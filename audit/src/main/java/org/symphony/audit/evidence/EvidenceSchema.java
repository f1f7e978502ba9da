package org.symphony.audit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The bundle's JSON Schema (2020-12), shipped as {@code evidence/evidence-bundle.schema.json}, and validation against it. */
public final class EvidenceSchema {

  public static final String RESOURCE = "/evidence/evidence-bundle.schema.json";

  private static final Schema SCHEMA = load();

  private EvidenceSchema() {}

  public static String text() {
    try (InputStream in = EvidenceSchema.class.getResourceAsStream(RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every violation as "location: message"; empty when the bundle is valid. Formats (date-time, uri) are asserted. */
  public static List<String> validate(JsonNode bundle) {
    return SCHEMA.validate(bundle).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }

  private static Schema load() {
    SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemaRegistryConfig(config));
    return registry.getSchema(text());
  }
}
