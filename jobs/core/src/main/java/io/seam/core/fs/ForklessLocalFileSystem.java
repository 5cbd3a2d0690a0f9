package io.seam.core.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file:}) without the processes it starts. Without Hadoop's native library
 * (which no Maven artifact carries), it runs {@code chmod} for every file it creates and {@code readlink} for
 * every rename, a process started from the job's JVM each time: about twenty per micro-batch of the apply job
 * (its Delta commits and Spark's checkpoint files), measured in BENCHMARKS.md. Here both go through
 * {@code java.nio}; a permission the JDK cannot express (a sticky bit) still takes Hadoop's own path.
 * {@link io.seam.core.spark.SeamSpark} installs it for local runs only; object stores and HDFS never meet it.
 */
public class ForklessLocalFileSystem extends LocalFileSystem {
  public ForklessLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (checksum-less) side, which {@link ForklessLocalFs} shares for Hadoop's FileContext API. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      Set<PosixFilePermission> posix = posix(permission);
      if (NativeIO.isAvailable() || posix == null) {
        super.setPermission(p, permission);
        return;
      }
      Files.setPosixFilePermissions(pathToFile(p).toPath(), posix);
    }

    /**
     * What Hadoop's rename asks first of its source and destination. Hadoop answers it with {@code readlink} run
     * on the path's URI text, which names no file, so it has always answered "not a link"; this answers from the
     * file itself, without a process, and reports a link as Hadoop means to.
     */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      java.nio.file.Path local = pathToFile(f).toPath();
      if (!Files.isSymbolicLink(local)) {
        return getFileStatus(f);
      }
      Path target = new Path(Files.readSymbolicLink(local).toString());
      try {
        FileStatus s = getFileStatus(f);
        return new FileStatus(s.getLen(), false, s.getReplication(), s.getBlockSize(), s.getModificationTime(),
            s.getAccessTime(), s.getPermission(), s.getOwner(), s.getGroup(), target, f);
      } catch (FileNotFoundException e) {  // a dangling link
        return new FileStatus(0, false, 0, 0, 0, 0, FsPermission.getDefault(), "", "", target, f);
      }
    }
  }

  /** The permission as the JDK's set, or null when it has bits the set cannot hold (sticky, setuid, setgid). */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    int mode = permission.toShort();
    if ((mode & ~0777) != 0) {
      return null;
    }
    PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ};
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(bits[i]);
      }
    }
    return out;
  }
}
