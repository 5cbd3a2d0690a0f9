package io.seam.cdc.debezium;

import io.seam.core.config.MigrationConfig;
import io.seam.core.manifest.SeamManifest;
import io.seam.core.pg.PgConnections;
import io.seam.core.pg.SourceErrors;
import io.seam.core.pg.SourceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Before Debezium Server starts: the seam slot must still exist and hold its WAL. Debezium creates a
 * missing slot at the source's current position, which would silently skip every change committed
 * since the old one vanished; Seam stops instead and says to re-seam.
 */
public final class SeamSlotCheck {
  private SeamSlotCheck() {}

  public static void require(MigrationConfig config, SeamManifest manifest) {
    String slot = manifest.slot();
    String reseam = "Re-seam: bin/seam stream stop --config FILE, then bin/seam backfill --config FILE --restart"
        + " and bin/seam stream start --config FILE";
    try (Connection c = new PgConnections(config.source()).open();
         PreparedStatement ps = c.prepareStatement(
             "SELECT wal_status FROM pg_replication_slots WHERE slot_name = ? AND database = current_database()")) {
      ps.setString(1, slot);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SourceException("the seam slot " + slot + " (seam " + manifest.seamLsn() + ") no longer exists"
              + " on the source: Debezium would create a new slot at today's position and every change committed"
              + " since the old one was dropped would be lost. " + reseam);
        }
        if ("lost".equals(rs.getString(1))) {
          throw new SourceException("the seam slot " + slot + " has lost WAL it still needed (wal_status 'lost',"
              + " max_slot_wal_keep_size): changes are gone from the source's log. " + reseam);
        }
      }
    } catch (SQLException e) {
      throw SourceErrors.during("checking the seam slot " + slot, e);
    }
  }
}
