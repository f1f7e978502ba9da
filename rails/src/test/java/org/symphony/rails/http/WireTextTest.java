package org.symphony.rails.http;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Cuts fall between characters, never inside a surrogate pair. */
class WireTextTest {

  private static final String EMOJI = "\uD83D\uDCB8"; // one character, two UTF-16 units

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String text = "x" + EMOJI.repeat(10);
    String clipped = WireText.clip(text, 4);
    assertEquals("x" + EMOJI.repeat(3), clipped);
    assertTrue(clipped.codePoints().noneMatch(cp -> Character.isSurrogate((char) cp)), "no lone surrogate");
  }

  @Test
  void shortTextIsKeptAndNullIsEmpty() {
    assertEquals("abc", WireText.clip("abc", 3));
    assertEquals("", WireText.clip(null, 3));
    assertEquals("abc", WireText.excerpt("abc", 3));
  }

  @Test
  void anExcerptSaysThatSomethingWasCut() {
    assertEquals("ab…", WireText.excerpt("abc", 2));
    assertEquals(EMOJI + "…", WireText.excerpt(EMOJI + EMOJI, 1));
  }
}
