package io.seam.cdc.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated Debezium records (truncated, bytes flipped, fields removed or retyped, spliced): the parser
 * either returns an envelope or throws {@link EnvelopeException}, whose message becomes the dead-letter
 * reason. Anything else (a NullPointerException, a NumberFormatException ...) would crash the batch
 * instead of dead-lettering one record. Seeded, so a failure reproduces.
 */
class EnvelopeParserFuzzTest {
  private static final List<String> SEEDS = List.of(EnvelopeParserTest.LONG_TX_UPDATE, EnvelopeParserTest.DELETE,
      EnvelopeParserTest.TX_END, "{\"ts_ms\":1795327561888}",
      "{\"status\":\"BEGIN\",\"id\":\"755:32217960\",\"event_count\":null,\"data_collections\":null,\"ts_ms\":1}");
  private static final String[] JUNK = {"", "null", "{", "}", "[", "]", "\"", ",", ":", "-1", "1e309", "\"x\"",
      "{}", "[]", "true", "\\u0000", "99999999999999999999999", "\"[\\\"a\\\",\\\"b\\\"]\"", "NaN"};

  @Test
  void everyMutationIsAnEnvelopeOrADeadLetterReason() {
    Random random = new Random(20261123L);
    List<String> unexpected = new ArrayList<>();
    int parsed = 0;
    int rejected = 0;
    for (int i = 0; i < 20_000; i++) {
      String input = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
      try {
        EnvelopeParser.parse(input);
        parsed++;
      } catch (EnvelopeException e) {
        assertThat(e.getMessage()).isNotBlank();
        rejected++;
      } catch (RuntimeException e) {
        if (unexpected.size() < 5) {
          unexpected.add(e + " for input: " + input);
        }
      }
    }
    assertThat(unexpected).isEmpty();
    assertThat(parsed).as("some mutations stay valid").isPositive();
    assertThat(rejected).as("most are rejected").isGreaterThan(parsed);
  }

  static String mutate(String seed, Random r) {
    String s = seed;
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits; e++) {
      switch (r.nextInt(6)) {
        case 0 -> s = s.substring(0, r.nextInt(s.length() + 1));                       // truncated
        case 1 -> {                                                                     // a byte changed
          if (!s.isEmpty()) {
            int at = r.nextInt(s.length());
            s = s.substring(0, at) + (char) (32 + r.nextInt(95)) + s.substring(at + 1);
          }
        }
        case 2 -> {                                                                     // junk spliced in
          int at = r.nextInt(s.length() + 1);
          s = s.substring(0, at) + JUNK[r.nextInt(JUNK.length)] + s.substring(at);
        }
        case 3 -> s = replaceValue(s, r);                                               // a value retyped
        case 4 -> s = s.replaceFirst("\"[a-z_]+\":", "\"" + "x".repeat(1 + r.nextInt(3)) + "\":");  // field renamed
        default -> {                                                                    // a span removed
          if (s.length() > 2) {
            int a = r.nextInt(s.length());
            int b = Math.min(s.length(), a + 1 + r.nextInt(20));
            s = s.substring(0, a) + s.substring(b);
          }
        }
      }
    }
    return s;
  }

  private static String replaceValue(String s, Random r) {
    int colon = s.indexOf(':', r.nextInt(Math.max(1, s.length())));
    if (colon < 0) {
      return s;
    }
    int end = colon + 1;
    while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
      end++;
    }
    return s.substring(0, colon + 1) + JUNK[r.nextInt(JUNK.length)] + s.substring(end);
  }
}
