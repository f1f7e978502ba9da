package org.symphony.node;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The supervisor dashboard as a test sees it, through the element ids the page promises: #signin-form,
 * #client-id, #client-secret, #signin, #signin-error, #error, #chain-status, #last-checkpoint,
 * #last-refresh, rows tr[data-participant=ID] with a cell td.status holding the status exactly,
 * #sequence-holes li[data-sequence-id], #incidents tr[data-incident=ID] with td.kind, td.incident-status and a
 * link to the report, #incident-report.
 */
final class DashboardInBrowser {

  private final WebDriver driver;
  private final Duration timeout;

  DashboardInBrowser(WebDriver driver, Duration timeout) {
    this.driver = driver;
    this.timeout = timeout;
  }

  void open(String url) {
    driver.get(url);
    until("the sign-in form", d -> d.findElement(By.id("signin-form")).isDisplayed());
  }

  void signIn(String clientId, String clientSecret) {
    WebElement id = driver.findElement(By.id("client-id"));
    id.clear();
    id.sendKeys(clientId);
    WebElement secret = driver.findElement(By.id("client-secret"));
    secret.clear();
    secret.sendKeys(clientSecret);
    driver.findElement(By.id("signin")).click();
  }

  /** Waits until the participant's row shows the status; a timeout says what the page shows instead. */
  void awaitStatus(String participantId, String status) {
    awaitCell(participantId, "status", status);
  }

  /** Waits until the cell td.NAME of the participant's row reads exactly the text. */
  void awaitCell(String participantId, String name, String text) {
    until(participantId + " " + name + " " + text, d -> text.equals(cell(participantId, name)));
  }

  String statusOf(String participantId) {
    return cell(participantId, "status");
  }

  private String cell(String participantId, String name) {
    List<WebElement> cells = driver.findElements(By.cssSelector("tr[data-participant='" + participantId + "'] td." + name));
    return cells.isEmpty() ? null : cells.get(0).getText();
  }

  void awaitSignedIn() {
    until("the dashboard", d -> d.findElement(By.id("dashboard-view")).isDisplayed());
  }

  void awaitSignInShown() {
    until("the sign-in form again", d -> d.findElement(By.id("signin-form")).isDisplayed());
  }

  /** The visible text of an element, waiting until it is shown and contains the expected part. */
  String awaitText(By element, String part) {
    until(element + " containing " + part, d -> {
      WebElement e = d.findElement(element);
      return e.isDisplayed() && e.getText().contains(part);
    });
    return driver.findElement(element).getText();
  }

  void openParticipant(String participantId) {
    click("the row of " + participantId, By.cssSelector("tr[data-participant='" + participantId + "'] td.participant button"));
    until("the drill-down of " + participantId, ExpectedConditions.textToBe(By.id("drilldown-participant"), participantId));
  }

  void openIncidentReport(String incidentId) {
    click("incident " + incidentId, By.cssSelector("#incidents tr[data-incident='" + incidentId + "'] a"));
  }

  /** Finds and clicks in one step, again if the page re-rendered the element in between (its refresh timer). */
  private void click(String what, By element) {
    until(what, d -> {
      d.findElement(element).click();
      return true;
    });
  }

  /** Waits until the open drill-down lists an incident of this kind and status; returns its id. */
  String awaitIncident(String kind, String status) {
    By row = By.xpath("//table[@id='incidents']//tr[td[contains(@class,'kind')]='" + kind
        + "' and td[contains(@class,'incident-status')]='" + status + "']");
    until("a " + status + " " + kind + " incident", d -> !d.findElements(row).isEmpty());
    return driver.findElement(row).getDomAttribute("data-incident");
  }

  /** What the page shows now, for failure messages: errors, chain, and every row's status. */
  String describe() {
    try {
      String rows = driver.findElements(By.cssSelector("#participants tr[data-participant]")).stream()
          .map(tr -> tr.getDomAttribute("data-participant") + "=" + tr.findElement(By.cssSelector("td.status")).getText())
          .collect(Collectors.joining(", ", "[", "]"));
      return "rows " + rows + "; #error '" + text("error") + "'; #signin-error '" + text("signin-error")
          + "'; #chain-status '" + text("chain-status") + "'; #last-refresh '" + text("last-refresh") + "'";
    } catch (RuntimeException e) {
      return "(page not readable: " + e + ")";
    }
  }

  private String text(String id) {
    List<WebElement> found = driver.findElements(By.id(id));
    return found.isEmpty() ? "" : found.get(0).getDomProperty("textContent").trim();
  }

  private <T> T until(String what, java.util.function.Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout)
        .pollingEvery(Duration.ofMillis(200))
        .ignoring(NoSuchElementException.class)
        .ignoring(StaleElementReferenceException.class)
        .withMessage(() -> "waiting for " + what + "; the page shows " + describe())
        .until(condition);
  }
}
