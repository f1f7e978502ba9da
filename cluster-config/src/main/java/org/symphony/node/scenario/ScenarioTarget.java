package org.symphony.node.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node a scenario runs against: its edge, the participants' and an operator's credentials, the rail simulators,
 * and a supervisor's credentials (null when unknown) to find the incidents of UNKNOWN_OUTCOME instructions.
 */
public record ScenarioTarget(String edgeUrl, List<Client> participants, Client operator, Client supervisor, Map<String, String> simulators) {

  /** A client of the token endpoint; {@code subject} is the participant id for participants. */
  public record Client(String subject, String clientId, String clientSecret) {}

  private static final Map<String, String> SIMULATOR_FIELDS =
      Map.of(Rails.MTN, "mtn_simulator_url", Rails.AIRTEL, "airtel_simulator_url", Rails.RTGS, "rtgs_simulator_url");

  public ScenarioTarget {
    edgeUrl = stripSlash(edgeUrl);
    participants = List.copyOf(participants);
    Map<String, String> sims = new LinkedHashMap<>();
    simulators.forEach((rail, url) -> sims.put(rail, stripSlash(url)));
    simulators = Map.copyOf(sims);
  }

  /** As the node wrote it into its home's dev.json (field names are dev.json's contract). */
  public static ScenarioTarget fromDevJson(Path devJson) throws ScenarioFailure {
    if (!Files.isRegularFile(devJson))
      throw ScenarioFailure.run("no " + devJson + ": start a node (symphony run) or give --home or --edge-url with credentials");
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(devJson.toFile());
    } catch (IOException e) {
      throw ScenarioFailure.run(devJson + " is not readable JSON: " + firstLine(e.getMessage()));
    }
    String edge = root.path("edge_url").asText("");
    if (edge.isBlank()) throw ScenarioFailure.run(devJson + " names no edge_url");
    List<Client> participants = new ArrayList<>();
    root.path("participants").forEach(p -> participants.add(
        new Client(p.path("id").asText(""), p.path("client_id").asText(""), p.path("client_secret").asText(""))));
    JsonNode op = root.path("operator");
    Client operator = op.isMissingNode() ? null : new Client("operator", op.path("client_id").asText(""), op.path("client_secret").asText(""));
    JsonNode sup = root.path("supervisor");
    Client supervisor = sup.isMissingNode() ? null : new Client("supervisor", sup.path("client_id").asText(""), sup.path("client_secret").asText(""));
    Map<String, String> sims = new LinkedHashMap<>();
    SIMULATOR_FIELDS.forEach((rail, field) -> {
      String url = root.path(field).asText("");
      if (!url.isBlank()) sims.put(rail, url);
    });
    return new ScenarioTarget(edge, participants, operator, supervisor, sims);
  }

  /** "id:client_id:secret" as --participant takes it. */
  static Client participant(String text) throws ScenarioFailure {
    String[] parts = text.split(":", 3);
    if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank())
      throw ScenarioFailure.usage("--participant must be ID:CLIENT_ID:CLIENT_SECRET");
    return new Client(parts[0], parts[1], parts[2]);
  }

  /** "client_id:secret" as --operator and --supervisor take it. */
  static Client client(String option, String text) throws ScenarioFailure {
    String[] parts = text.split(":", 2);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) throw ScenarioFailure.usage(option + " must be CLIENT_ID:CLIENT_SECRET");
    return new Client(option.substring(2), parts[0], parts[1]);
  }

  /** The first {@code count} participants; refuses when there are fewer (this command never creates participants). */
  ScenarioTarget withParticipants(int count, String where) throws ScenarioFailure {
    if (participants.size() < count)
      throw ScenarioFailure.usage(count + " participants asked, " + where + " has " + participants.size()
          + " (a node's participants are set by symphony.node.dev-participants)");
    return new ScenarioTarget(edgeUrl, participants.subList(0, count), operator, supervisor, simulators);
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  static String firstLine(String text) {
    if (text == null) return "";
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
