package io.seam.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class LsnTest {
  @Test
  void parsesAndPrintsPostgresFormat() {
    Lsn l = Lsn.parse("16/B374D848");
    assertThat(l.value()).isEqualTo(0x16B374D848L);
    assertThat(l).hasToString("16/B374D848");
    assertThat(Lsn.parse("0/1594588")).hasToString("0/1594588");
  }

  @Test
  void comparesUnsigned() {
    assertThat(Lsn.parse("FFFFFFFF/0").isAfter(Lsn.parse("7FFFFFFF/FFFFFFFF"))).isTrue();
  }

  @Test
  void rejectsGarbageNamingIt() {
    assertThatThrownBy(() -> Lsn.parse("12345")).hasMessage("not an LSN: '12345' (expected hex like 0/1594588)");
    assertThatThrownBy(() -> Lsn.parse("0/XYZ")).hasMessageStartingWith("not an LSN: '0/XYZ'");
  }

  @Test
  void versionOrdersByCommitThenPositionAndRoundTrips() {
    ChangeVersion early = new ChangeVersion(Lsn.parse("0/100"), 7);
    ChangeVersion late = new ChangeVersion(Lsn.parse("0/200"), 1);
    assertThat(early.toDecimal()).isLessThan(late.toDecimal());
    assertThat(ChangeVersion.fromDecimal(early.toDecimal())).isEqualTo(early);
    ChangeVersion top = new ChangeVersion(Lsn.parse("FFFFFFFF/FFFFFFFF"), 0xFFFFFFFFL);
    assertThat(top.toDecimal().precision()).isLessThanOrEqualTo(ChangeVersion.PRECISION);
    assertThat(ChangeVersion.fromDecimal(top.toDecimal())).isEqualTo(top);
  }

  @Test
  void backfilledRowsLoseAgainstEveryStreamedChangeEvenOneWhosePredecessorCommittedBeforeTheSeam() {
    Lsn lastCommitBeforeSeam = Lsn.parse("0/4FFF");
    BigDecimal firstStreamed = new ChangeVersion(lastCommitBeforeSeam, 1).toDecimal();
    BigDecimal firstAfterFreshStart = new ChangeVersion(new Lsn(0), 1).toDecimal();
    assertThat(firstStreamed).isGreaterThan(ChangeVersion.BACKFILL.toDecimal());
    assertThat(firstAfterFreshStart).isGreaterThan(ChangeVersion.BACKFILL.toDecimal());
  }
}
