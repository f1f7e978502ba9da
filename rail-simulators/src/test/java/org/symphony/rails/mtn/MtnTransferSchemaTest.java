package org.symphony.rails.mtn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.symphony.engine.money.Currency;
import org.symphony.engine.money.Money;
import org.symphony.engine.rail.Creditor;
import org.symphony.engine.rail.RailKey;
import org.symphony.engine.rail.RailResult;
import org.symphony.engine.rail.RailTransfer;
import org.symphony.rails.sim.RunningSimulator;
import org.symphony.rails.sim.mtn.MtnMomoSimulator;
import org.symphony.rails.sim.mtn.MtnSimulatorSettings;
import org.symphony.rails.testing.Await;
import org.symphony.rails.testing.SimControl;
import org.symphony.rails.testing.Transfers;

/**
 * The simulator's MoMo Transfer schema (rail-simulators: momo/disbursement-transfer.schema.json) is a valid JSON Schema,
 * and every body the MTN adapter builds satisfies it: checked on the adapter's bytes, and over HTTP, where the simulator
 * executes only a body that passed the schema.
 */
class MtnTransferSchemaTest {

  private static final String RESOURCE = "/momo/disbursement-transfer.schema.json";
  private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ActorTestKit testKit = ActorTestKit.create();
  /** The longest reference the edge accepts (http-edge Reference.MAX_CHARS: 140 code points). */
  private static final int EDGE_MAX_REFERENCE = 140;

  @TempDir Path dataDir;
  private RunningSimulator simulator;
  private SimControl sim;
  private MtnMomoRail rail;

  @BeforeEach
  void start() {
    simulator = Await.result(MtnMomoSimulator.start(testKit.system(),
        MtnSimulatorSettings.of("127.0.0.1", 0, dataDir, Duration.ofMillis(200))));
    sim = new SimControl(simulator.baseUrl());
    rail = MtnMomoRail.create(testKit.system(), MtnMomoRailAgainstSimulatorTest.settingsFor(simulator.baseUrl()));
  }

  @AfterEach
  void stop() {
    Await.result(simulator.stop());
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void theSchemaIsAValidDraft202012Schema() throws IOException {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    Schema metaSchema = registry.getSchema(SchemaLocation.of(DRAFT_2020_12));
    JsonNode schema = schemaNode();

    assertEquals(DRAFT_2020_12, schema.path("$schema").asText());
    assertEquals(List.of(), metaSchema.validate(schema), "the schema against the 2020-12 meta-schema");
    assertNotNull(registry.getSchema(schema), "the schema compiles (its patterns included)");
  }

  static Stream<String> references() {
    return Stream.of(
        "INV-2024-0042",
        "R".repeat(EDGE_MAX_REFERENCE), // the longest reference the edge takes
        "x".repeat(400), // longer than MTN's 160: the adapter clips it
        "Mwila's rent, Lusaka \u2013 \u2018March\u2019 \u00e9\u00f1\u00fc \u0421\u043f\u0430\u0441\u0438\u0431\u043e \u4e2d\u6587 \ud83d\ude00",
        "\ud83d\ude00".repeat(EDGE_MAX_REFERENCE), // 140 code points, 280 UTF-16 units
        "a" + "\ud83d\udcb0".repeat(EDGE_MAX_REFERENCE - 1)); // the 160-unit clip falls inside a surrogate pair
  }

  @ParameterizedTest
  @MethodSource("references")
  void theAdaptersBodyValidates(String reference) throws IOException {
    RailTransfer transfer = transferWithReference(reference);

    JsonNode body = JSON.readTree(MtnWire.transferBody(transfer, (Creditor.MobileWallet) transfer.creditor()));

    assertEquals(List.of(), schema().validate(body), body::toString);
  }

  @ParameterizedTest
  @MethodSource("references")
  void theSimulatorExecutesTheAdaptersBodyAfterItsSchemaCheck(String reference) {
    RailTransfer transfer = transferWithReference(reference);

    assertEquals(new RailResult.InProgress(), Await.result(rail.dispatch(transfer)), "202: the body passed the schema");
    assertEquals(1, sim.executions(transfer.railKey().value()));
  }

  @Test
  void everyAmountTheAdapterWritesValidates() throws IOException {
    Schema schema = schema();
    for (long minor : new long[] {1, 99, 100, 15_000, 123_456_789, 999_999_999_999L}) {
      RailTransfer transfer = withAmount(Transfers.good(), new Money(minor, Currency.ZMW));
      JsonNode body = JSON.readTree(MtnWire.transferBody(transfer, (Creditor.MobileWallet) transfer.creditor()));
      assertEquals(List.of(), schema.validate(body), body::toString);
    }
  }

  private static RailTransfer transferWithReference(String reference) {
    String instructionId = "ins-" + UUID.randomUUID();
    return new RailTransfer(instructionId, RailKey.forInstruction(instructionId), "participant-1",
        new Money(15_000, Currency.ZMW), new Creditor.MobileWallet(Transfers.GOOD_MSISDN), reference);
  }

  private static RailTransfer withAmount(RailTransfer t, Money amount) {
    return new RailTransfer(t.instructionId(), t.railKey(), t.participantId(), amount, t.creditor(), t.reference());
  }

  private static Schema schema() throws IOException {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaNode());
  }

  private static JsonNode schemaNode() throws IOException {
    try (InputStream in = MtnTransferSchemaTest.class.getResourceAsStream(RESOURCE)) {
      assertNotNull(in, RESOURCE + " on the classpath");
      return JSON.readTree(in);
    }
  }
}
