package io.seam.parity.compare.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known answers of PostgreSQL 15's {@code hashtextextended(s COLLATE "C", seed)} on x86-64 (UTF-8
 * server): every tail length class of lookup3 (0, 1, 4, 11, 12, 13 bytes and several blocks with
 * multi-byte characters), with no seed, a small one and a negative one. The live server is checked
 * again at run time ({@link PgTextHash#disagreement}, FingerprintIT).
 */
class PgTextHashTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|0|-6939563903564495251",
      "a|0|3591986179850072241",
      "seam|0|3040348539696659605",
      "0123456789a|0|-2337649911100070775",
      "0123456789ab|0|-300982144080685429",
      "0123456789abc|0|4688655838450958077",
      "héllo wörld 😀 spanning more than twenty-four bytes|0|6238032389154906701",
      "''|1|-150071773020461347",
      "a|1|3325245193489759299",
      "seam|1|-7298900866216966826",
      "0123456789a|1|1421025200827437216",
      "0123456789ab|1|-6269871223824634408",
      "0123456789abc|1|-1651898732993399474",
      "héllo wörld 😀 spanning more than twenty-four bytes|1|3352539326703176275",
      "''|-7046029254386353131|5233101233904376371",
      "a|-7046029254386353131|-7773757010039246667",
      "seam|-7046029254386353131|6819492066504052683",
      "0123456789a|-7046029254386353131|-2427335445121239527",
      "0123456789ab|-7046029254386353131|-7957388101565712434",
      "0123456789abc|-7046029254386353131|-2035459514350218947",
      "héllo wörld 😀 spanning more than twenty-four bytes|-7046029254386353131|-4866510164657846533",
  })
  void matchesPostgres(String text, long seed, long expected) {
    assertThat(PgTextHash.hash(text, seed)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0", "3", "7"})
  void hashesASliceOfABufferLikeTheSliceAlone(int offset) {
    byte[] whole = "xxxxxxx0123456789abcdefyyyy".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] slice = java.util.Arrays.copyOfRange(whole, offset, offset + 15);
    assertThat(PgTextHash.hash(whole, offset, 15, 1)).isEqualTo(PgTextHash.hash(slice, 0, 15, 1));
  }
}
