package org.symphony.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class RailSimsTest {

  @Test
  void eachSimulatorsUrlIsReadFromItsOwnLineOfRailSimOutput() {
    String out = """
        [INFO] some log line
        mtn-momo simulator listening on http://127.0.0.1:40001 (strike ledger: http://127.0.0.1:40001/sim/strikes). Stop with Ctrl-C.
        airtel-money simulator listening on http://127.0.0.1:40002 (strike ledger: http://127.0.0.1:40002/sim/strikes). Stop with Ctrl-C.
        """;
    var urls = RailSims.urls(out);
    assertEquals("http://127.0.0.1:40001", urls.get(RailSims.MTN));
    assertEquals("http://127.0.0.1:40002", urls.get(RailSims.AIRTEL));
    assertFalse(urls.containsKey(RailSims.RTGS), "not up yet");
  }
}
