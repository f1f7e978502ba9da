package org.symphony.rails.sim.mtn;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The published MoMo Transfer request schema ({@value #RESOURCE}: MTN's Transfer and Party definitions plus the
 * sandbox's 400 rules, see the README next to it), loaded once. The simulator holds its own copy of the schema, so an
 * adapter that builds a wrong body fails against it instead of agreeing with itself.
 */
final class TransferSchema {

  static final String RESOURCE = "/momo/disbursement-transfer.schema.json";
  /** Violations named in a rejection's log line: the first few say what is wrong; the rest is noise. */
  private static final int MAX_REPORTED = 3;

  private static final Schema SCHEMA = load();

  private TransferSchema() {}

  /** The first violations as "location: message" (at most {@value #MAX_REPORTED}); empty when the body is valid. */
  static List<String> violations(JsonNode body) {
    return SCHEMA.validate(body).stream()
        .limit(MAX_REPORTED)
        .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
        .toList();
  }

  private static Schema load() {
    try (InputStream in = TransferSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
