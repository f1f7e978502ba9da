package org.symphony.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The regulator's acceptance scenario on a real node, in headless Chromium: the supervisor signs in on
 * /supervisor/dashboard with the node's dev credentials and sees every participant HEALTHY; a request
 * lost between attestation and engine (the blackhole) turns its participant CRITICAL_GAP_DETECTED with
 * an open ghost; the participant's retry with the same Idempotency-Key and body is accounted for
 * (ACCOUNTED_BY_RETRY), the ghost is auto-fixed and the participant is HEALTHY again. Screenshots of
 * each stage go to target/dashboard-*.png.
 */
class SupervisorDashboardBrowserTest {

  /** Grace 1s, reconciliation every 1s, retry window 2s: each change shows within seconds. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path home;
  private static SymphonyNode node;
  private static EdgeClient edge;
  private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HeadlessChromium browser;
  private DashboardInBrowser dashboard;

  @BeforeAll
  static void startNode() throws Exception {
    node = SymphonyNode.start(TestNodes.options(home)
        .withOverride("symphony.audit.gap.grace", "1s")
        .withOverride("symphony.audit.reconciliation.interval", "1s")
        .withOverride("symphony.audit.reconciliation.retry-window", "2s")
        .withBlackhole(requestId -> requestId.startsWith("lost-")));
    edge = new EdgeClient(node.edgeUrl());
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) node.close();
  }

  @BeforeEach
  void openBrowser() throws Exception {
    browser = HeadlessChromium.start();
    dashboard = new DashboardInBrowser(browser.driver(), WAIT);
  }

  @AfterEach
  void closeBrowser(TestInfo test) throws Exception {
    if (browser == null) return;
    try {
      browser.screenshot("dashboard-last-" + test.getTestMethod().orElseThrow().getName()); // what a failure left on screen
    } finally {
      browser.close();
    }
  }

  @Test
  void theSupervisorSignsInAndSeesEveryParticipantHealthy() throws Exception {
    for (DevCredentials.Client p : node.credentials().participants())
      assertEquals(202, edge.submit(edge.token(p), "dash-ok-" + p.subject(), EdgeClient.body("2.00", "+260961234567", "D")).get().statusCode());

    signIn();

    for (DevCredentials.Client p : node.credentials().participants()) dashboard.awaitStatus(p.subject(), "HEALTHY");
    browser.screenshot("dashboard-signed-in");
  }

  @Test
  void aLostRequestMakesItsParticipantCriticalUntilItsRetryIsAccountedFor() throws Exception {
    DevCredentials.Client bank = node.credentials().participants().get(0);
    String token = edge.token(bank);
    assertEquals(202, edge.submit(token, "dash-before", EdgeClient.body("1.00", "+260961234567", "B")).get().statusCode());
    signIn();
    dashboard.awaitStatus(bank.subject(), "HEALTHY");

    String key = "dash-lost-1";
    String body = EdgeClient.body("7.00", "+260961234567", "LOST");
    assertEquals(503, submitBlackholed(token, key, body).statusCode(), "swallowed after attestation");
    dashboard.awaitStatus(bank.subject(), "CRITICAL_GAP_DETECTED");
    dashboard.awaitCell(bank.subject(), "open-ghosts", "1");
    dashboard.openParticipant(bank.subject());
    String ghost = dashboard.awaitIncident("GHOST_RECOVERY", "OPEN");
    browser.screenshot("dashboard-critical");

    // The participant retries as the API tells it to: same key, same body; this time it reaches the engine.
    assertEquals(202, edge.submit(token, key, body).get().statusCode());
    dashboard.awaitStatus(bank.subject(), "HEALTHY");
    assertEquals(ghost, dashboard.awaitIncident("GHOST_RECOVERY", "AUTO_FIXED"));
    // The repair shows in the MTTR card: one ghost resolved, with its time to repair.
    dashboard.awaitText(By.cssSelector("#incident-repair dd[data-kind='GHOST_RECOVERY']"), "1 resolved; MTTR");
    dashboard.openIncidentReport(ghost);
    dashboard.awaitText(By.id("incident-report"), ghost);
    browser.screenshot("dashboard-healthy");
  }

  private void signIn() {
    dashboard.open(node.edgeUrl() + "/supervisor/dashboard?refresh=1");
    DevCredentials.Client supervisor = node.credentials().supervisor();
    dashboard.signIn(supervisor.clientId(), supervisor.clientSecret());
    dashboard.awaitSignedIn();
  }

  /** X-Request-Id lost-…: the node's blackhole drops it after the attestation, before the engine. */
  private static HttpResponse<String> submitBlackholed(String token, String key, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(node.edgeUrl() + "/v1/instructions"))
            .header("Authorization", "Bearer " + token)
            .header("Idempotency-Key", key)
            .header("Content-Type", "application/json")
            .header("X-Request-Id", "lost-" + key)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
