package io.seam.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForklessLocalFileSystemTest {
  @TempDir
  java.nio.file.Path dir;

  private static Configuration conf() {
    Configuration c = new Configuration(false);
    c.set("fs.file.impl", ForklessLocalFileSystem.class.getName());
    c.set("fs.AbstractFileSystem.file.impl", ForklessLocalFs.class.getName());
    c.setBoolean("fs.file.impl.disable.cache", true);
    return c;
  }

  @Test
  void createsWithTheGivenPermissionAndRenamesLikeHadoopWithoutStartingAProcess() throws Exception {
    Configuration conf = conf();
    List<String> started = new ArrayList<>();
    java.nio.file.Path jfr = dir.resolve("processes.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ProcessStart");
      recording.start();
      FileSystem fs = FileSystem.get(new Path(dir.toUri()).toUri(), conf);
      assertThat(fs).isInstanceOf(ForklessLocalFileSystem.class);
      Path file = new Path(dir.toUri().toString(), "a.json");
      try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20,
          null)) {
        out.write("{}".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a.json"))))
          .isEqualTo("rw-r-----");
      // Spark's checkpoint and Delta's log store: write a temporary file, rename it into place.
      FileContext fc = FileContext.getFileContext(dir.toUri(), conf);
      Path tmp = new Path(dir.toUri().toString(), ".b.tmp");
      try (FSDataOutputStream out = fc.create(tmp, java.util.EnumSet.of(org.apache.hadoop.fs.CreateFlag.CREATE),
          Options.CreateOpts.perms(new FsPermission((short) 0644)))) {
        out.write("b".getBytes(StandardCharsets.UTF_8));
      }
      fc.rename(tmp, new Path(dir.toUri().toString(), "b"), Options.Rename.NONE);
      assertThat(Files.readString(dir.resolve("b"))).isEqualTo("b");
      assertThat(Files.exists(dir.resolve(".b.tmp"))).isFalse();
      assertThat(fs.rename(new Path(dir.toUri().toString(), "b"), new Path(dir.toUri().toString(), "c"))).isTrue();
      assertThat(Files.readString(dir.resolve("c"))).isEqualTo("b");
      new ProcessBuilder("true").start().waitFor();  // the one process the recording must see
      recording.stop();
      recording.dump(jfr);
    }
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      started.add(e.getString("command"));
    }
    assertThat(started).as("processes started").containsExactly("true");
  }

  @Test
  void aSymbolicLinkIsStillReportedAsOne() throws Exception {
    Files.writeString(dir.resolve("target.txt"), "t");
    Files.createSymbolicLink(dir.resolve("link.txt"), dir.resolve("target.txt"));
    FileSystem fs = FileSystem.get(dir.toUri(), conf());
    assertThat(fs.getFileLinkStatus(new Path(dir.resolve("link.txt").toUri())).isSymlink()).isTrue();
    assertThat(fs.getFileLinkStatus(new Path(dir.resolve("target.txt").toUri())).isSymlink()).isFalse();
  }

  @Test
  void permissionsTheJdkCannotHoldAreLeftToHadoop() {
    assertThat(ForklessLocalFileSystem.posix(new FsPermission((short) 0754)))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-xr--"));
    assertThat(ForklessLocalFileSystem.posix(new FsPermission((short) 01777))).isNull();
  }
}
