package org.symphony.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.symphony.audit.readmodel.check.LedgerCheck;
import org.symphony.audit.readmodel.check.LedgerCheckReport;
import org.symphony.audit.readmodel.check.LedgerDifference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code symphony ledger-rebuild --check}: the ledger rebuilt from the journal (the entities' own event handlers, in
 * memory, the events read through the node's serialization) and compared with the read model (INV-LEDGER). Read-only;
 * the read model itself is rebuilt in place by the operator API's POST /admin/read-model/rebuild.
 */
@Command(name = "ledger-rebuild", mixinStandardHelpOptions = true,
    description = "Rebuild the ledger from the journal in memory and compare it with the read model: per participant reserved and"
        + " committed, per instruction status and ledger lines (INV-LEDGER). Exit 0 when they agree, 1 on any difference, 2 when"
        + " it cannot run.")
final class LedgerRebuildCommand implements Callable<Integer> {

  static final int DIFFERENCES = 1;
  static final int CANNOT_RUN = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin NodeDatabaseOptions database;

  @Option(names = "--check", description = "Compare only (required: this command never writes).")
  boolean check;

  @Option(names = "--json", description = "The report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintStream err = System.err;
    if (!check) {
      err.println("symphony ledger-rebuild: give --check (this command only compares; a node's read model is rebuilt in place"
          + " with POST /admin/read-model/rebuild)");
      return CANNOT_RUN;
    }
    DatabaseLocation db;
    try {
      db = database.location();
    } catch (IllegalArgumentException e) {
      err.println("symphony ledger-rebuild: " + e.getMessage());
      return CANNOT_RUN;
    }
    Config config = ConfigFactory.parseString("pekko.actor.provider = local\npekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING")
        .withFallback(ConfigFactory.load());
    Config settings = config.getConfig("symphony.audit.ledger-check");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "ledger-rebuild", config);
    try {
      Serialization serialization = SerializationExtension.get(system.classicSystem());
      LedgerCheckReport report = LedgerCheck.run(db.dataSource(),
          (payload, serializerId, manifest) -> serialization.deserialize(payload, serializerId, manifest).get(),
          settings.getInt("fetch-size"), settings.getInt("max-differences-listed"));
      if (json) System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(report)));
      else print(report, System.out);
      return report.clean() ? 0 : DIFFERENCES;
    } catch (SQLException e) {
      err.println("symphony ledger-rebuild: cannot read " + db.url() + ": " + firstLine(e.getMessage()));
      return CANNOT_RUN;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  static void print(LedgerCheckReport r, PrintStream out) {
    out.printf("Ledger rebuilt from the journal: %d events replayed in %.1f s; %d participants, %d instructions compared with the"
            + " read model: %s%n", r.eventsReplayed(), r.took().toMillis() / 1000.0, r.participantsCompared(), r.instructionsCompared(),
        r.clean() ? "they agree" : r.differences() + " DIFFERENCES");
    for (LedgerDifference d : r.listed()) out.println("DIFF " + d);
    if (r.differences() > r.listed().size()) out.printf("… and %d more%n", r.differences() - r.listed().size());
  }

  static ObjectNode json(LedgerCheckReport r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("events_replayed", r.eventsReplayed());
    o.put("participants_compared", r.participantsCompared());
    o.put("instructions_compared", r.instructionsCompared());
    o.put("differences", r.differences());
    o.put("rebuild_seconds", r.took().toMillis() / 1000.0);
    ArrayNode listed = o.putArray("listed");
    for (LedgerDifference d : r.listed())
      listed.addObject().put("subject", d.subject()).put("what", d.what()).put("journal", d.journal()).put("read_model", d.readModel());
    return o;
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
