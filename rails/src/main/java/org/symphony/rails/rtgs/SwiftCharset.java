package org.symphony.rails.rtgs;

import java.text.Normalizer;
import java.util.Map;

/**
 * Text reduced to the characters a CBPR+/HVPS+ message may carry. The CBPR+ usage guidelines restrict all
 * text to the SWIFT "FIN X" set {@code a-z A-Z 0-9 / - ? : ( ) . , ' + space}; party names, postal
 * addresses and remittance information may also carry {@code ! # $ % & * = ^ _ ` { | } ~ " ; < > @ [ \ ]}
 * (CBPR+ SR2024 pacs.008.001.08 usage guideline, "character set"; summarised at
 * https://www.munaeem.org/2023/09/cbpr-character-set-iso20022.html). Latin letters with diacritics lose
 * them (é → e), a few letters without a decomposition are spelled out (ß → ss, Ø → O), and every other
 * character becomes '.', which is how SWIFT itself translates what FIN cannot carry.
 */
final class SwiftCharset {

  private static final String FIN_X_PUNCTUATION = "/-?:().,'+ ";
  private static final String EXTENDED_PUNCTUATION = "!#$%&*=^_`{|}~\";<>@[\\]";
  private static final char REPLACEMENT = '.';
  private static final Map<Integer, String> SPELLED = Map.ofEntries(
      Map.entry((int) 'ß', "ss"), Map.entry((int) 'Æ', "AE"), Map.entry((int) 'æ', "ae"),
      Map.entry((int) 'Ø', "O"), Map.entry((int) 'ø', "o"), Map.entry((int) 'Œ', "OE"), Map.entry((int) 'œ', "oe"),
      Map.entry((int) 'Ł', "L"), Map.entry((int) 'ł', "l"), Map.entry((int) 'Đ', "D"), Map.entry((int) 'đ', "d"),
      Map.entry((int) 'Þ', "TH"), Map.entry((int) 'þ', "th"), Map.entry((int) 'ı', "i"));

  private SwiftCharset() {}

  /** FIN X only: identifiers and every text that is not a name, an address or remittance information. */
  static String restricted(String text) {
    return convert(text, false);
  }

  /** FIN X and the CBPR+ special characters: party names, addresses, remittance information. */
  static String extended(String text) {
    return convert(text, true);
  }

  static boolean isFinX(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || FIN_X_PUNCTUATION.indexOf(c) >= 0;
  }

  static boolean isExtended(int c) {
    return isFinX(c) || EXTENDED_PUNCTUATION.indexOf(c) >= 0;
  }

  /** null → ""; control characters and line breaks become spaces; the result is trimmed. */
  private static String convert(String text, boolean extended) {
    if (text == null) return "";
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    decomposed.codePoints().forEach(c -> {
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK)
        return; // the accent of a decomposed letter
      if (Character.isISOControl(c) || Character.isWhitespace(c)) out.append(' ');
      else if (extended ? isExtended(c) : isFinX(c)) out.appendCodePoint(c);
      else if (SPELLED.containsKey(c)) out.append(SPELLED.get(c));
      else out.append(REPLACEMENT);
    });
    return out.toString().trim();
  }
}
