package org.symphony.engine.money;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AmountParserTest {

  @Test
  void parsesIntoMinorUnits() {
    assertEquals(new AmountParser.Parsed(new Money(15_000, Currency.ZMW)), AmountParser.parse("150.00", Currency.ZMW));
    assertEquals(new AmountParser.Parsed(new Money(15_000, Currency.ZMW)), AmountParser.parse("150", Currency.ZMW));
    assertEquals(new AmountParser.Parsed(new Money(1, Currency.USD)), AmountParser.parse("0.01", Currency.USD));
    assertEquals(new AmountParser.Parsed(new Money(150_10, Currency.USD)), AmountParser.parse("150.100", Currency.USD));
  }

  @ParameterizedTest
  @CsvSource({
    "0, AMOUNT_NOT_POSITIVE",
    "0.00, AMOUNT_NOT_POSITIVE",
    "-1.00, AMOUNT_NOT_POSITIVE",
    "1.001, AMOUNT_TOO_PRECISE",
    "1000000000.01, AMOUNT_TOO_LARGE",
    "1e3, AMOUNT_INVALID",
    "+5, AMOUNT_INVALID",
    "'1,000.00', AMOUNT_INVALID",
    "' 5', AMOUNT_INVALID",
    "'', AMOUNT_INVALID",
    "12345678901234.00, AMOUNT_INVALID"
  })
  void refusesWhatIsNotAnAmount(String value, String code) {
    var result = AmountParser.parse(value, Currency.ZMW);
    assertInstanceOf(AmountParser.Invalid.class, result, value);
    assertEquals(code, ((AmountParser.Invalid) result).code());
  }

  @Test
  void theCapItselfIsAccepted() {
    assertInstanceOf(AmountParser.Parsed.class, AmountParser.parse("1000000000.00", Currency.ZMW));
  }
}
