package org.symphony.node;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The dashboard page in headless Chromium against the contract's canned answers (SupervisorApiStub):
 * sign-in and its errors, the overview table and its statuses as they change, the drill-down to missing
 * sequence ids, incidents and their reports, a 404 shown as such, a 401 back to sign-in, and only
 * reads. The real node's answers are checked by SupervisorDashboardBrowserTest.
 */
class DashboardPageBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private SupervisorApiStub api;
  private HeadlessChromium browser;
  private DashboardInBrowser page;

  @BeforeEach
  void start() throws Exception {
    api = new SupervisorApiStub();
    api.overview.set(overview("CRITICAL_GAP_DETECTED", 1, "[{\"sequenceId\": 5, \"before\": 4, \"after\": 6}]"));
    api.incidents.put("mfi-b", """
        {"incidents": [{"id": "INC-20261203-001", "kind": "GHOST_RECOVERY", "status": "OPEN", "participantId": "mfi-b",
          "instructionId": null, "attestationId": "3f1c", "sequenceId": null, "detectedAt": "2026-12-03T10:00:02.123Z",
          "resolvedAt": null, "resolvedBy": null, "summary": "attested, never reached the engine"}]}""");
    api.reports.put("INC-20261203-001", List.of(
        "# INC-20261203-001 GHOST_RECOVERY\n\nStatus: OPEN\n",
        "{\"id\": \"INC-20261203-001\", \"kind\": \"GHOST_RECOVERY\", \"status\": \"OPEN\"}"));
    browser = HeadlessChromium.start();
    page = new DashboardInBrowser(browser.driver(), WAIT);
  }

  @AfterEach
  void stop() {
    if (browser != null) browser.close();
    if (api != null) api.close();
  }

  @Test
  void showsTheOverviewAndDrillsDownToMissingIdsIncidentsAndReports() throws Exception {
    page.open(api.url("/supervisor/dashboard?refresh=1"));
    page.signIn(SupervisorApiStub.CLIENT_ID, "wrong-secret");
    page.awaitText(By.id("signin-error"), "401 INVALID_CLIENT");

    page.signIn(SupervisorApiStub.CLIENT_ID, SupervisorApiStub.CLIENT_SECRET);
    page.awaitStatus("mfi-b", "CRITICAL_GAP_DETECTED");
    assertEquals("HEALTHY", page.statusOf("bank-a"));
    assertEquals("INTACT", browser.driver().findElement(By.id("chain-status")).getText());
    assertTrue(browser.driver().findElement(By.id("last-checkpoint")).getText().contains("100"), "the checkpoint's sequence");
    assertNotEquals("never", browser.driver().findElement(By.id("last-refresh")).getText());
    assertEquals("0.0", browser.driver().findElement(By.cssSelector("tr[data-participant='mfi-b'] td.integrity-score")).getText());
    // The inline style is admitted by the CSP: the critical badge is red, not the default transparent.
    assertEquals("rgba(179, 38, 30, 1)",
        browser.driver().findElement(By.cssSelector("tr[data-participant='mfi-b'] td.status .badge")).getCssValue("background-color"));

    page.openParticipant("mfi-b");
    assertTrue(page.awaitText(By.cssSelector("#sequence-holes li[data-sequence-id='5']"), "5").contains("between 4 and 6"));
    page.openIncidentReport("INC-20261203-001");
    page.awaitText(By.id("incident-report"), "# INC-20261203-001 GHOST_RECOVERY");
    browser.driver().findElement(By.id("report-format")).click();
    page.awaitText(By.id("incident-report"), "\"kind\": \"GHOST_RECOVERY\"");
    browser.screenshot("dashboard-stub-critical");

    api.overview.set(overview("HEALTHY", 0, "[]"));
    page.awaitStatus("mfi-b", "HEALTHY");
    page.awaitText(By.id("sequence-holes"), "none");

    assertOnlyReads();
  }

  @Test
  void showsAMissingOverviewAsA404AndGoesBackToSignInOn401() throws Exception {
    api.overview.set(null);
    page.open(api.url("/supervisor/dashboard?refresh=1"));
    page.signIn(SupervisorApiStub.CLIENT_ID, SupervisorApiStub.CLIENT_SECRET);
    page.awaitSignedIn();
    page.awaitText(By.id("error"), "GET /supervisor/overview: 404 NOT_FOUND");
    browser.screenshot("dashboard-stub-404");

    api.expireToken();
    page.awaitSignInShown();
    page.awaitText(By.id("signin-error"), "401 TOKEN_EXPIRED");
    assertEquals("", browser.driver().findElement(By.id("client-secret")).getDomProperty("value"), "the secret is not kept");
    assertOnlyReads();
  }

  /** The page is read-only: the token endpoint, and GET of /supervisor/* (the favicon is the browser's). */
  private void assertOnlyReads() {
    for (String request : api.requests)
      assertTrue(
          request.equals("POST /v1/oauth/token") || request.startsWith("GET /supervisor/") || request.equals("GET /favicon.ico"),
          request + " in " + api.requests);
  }

  private static String overview(String status, int openGhosts, String holes) {
    return """
        {"generatedAt": "2026-12-03T10:00:05Z",
         "chain": {"intact": true, "verifiedAt": "2026-12-03T10:00:00Z", "rowsChecked": 1234, "breaks": 0,
                   "lastCheckpoint": {"nodeId": "node-1", "nodeSeq": 100, "hash": "9f86d081884c7d65", "signedAt": "2026-12-03T09:59:00Z", "keyId": "k1"}},
         "participants": [
           {"participantId": "mfi-b", "status": "%s", "received": 6, "executed": 5, "failed": 0, "rejected": 0,
            "openGhosts": %d, "openInterventions": 0, "integrityScore": %s, "sequenceHoles": %s},
           {"participantId": "bank-a", "status": "HEALTHY", "received": 10, "executed": 7, "failed": 1, "rejected": 1,
            "openGhosts": 0, "openInterventions": 0, "integrityScore": 100.0, "sequenceHoles": []}]}
        """.formatted(status, openGhosts, openGhosts > 0 ? "0.0" : "100.0", holes);
  }
}
