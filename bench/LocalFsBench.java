import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * bench/localfs's measurement: what a Delta commit or a Spark checkpoint file costs on the local file system
 * (create a file with a permission through FileSystem and through FileContext, then rename it into place), with
 * Hadoop's own local file system and with Seam's ForklessLocalFileSystem, alternating rounds in one JVM whose
 * heap is as large as the apply job's. Prints "name<TAB>files<TAB>seconds" per round.
 */
public final class LocalFsBench {
  public static void main(String[] args) throws Exception {
    int files = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    java.nio.file.Path root = Files.createTempDirectory("seam-localfs-bench");
    byte[][] heap = new byte[4096][];  // 1 GiB live: a process started from a large JVM is what the jobs pay
    for (int i = 0; i < heap.length; i++) {
      heap[i] = new byte[1 << 18];
    }
    for (int r = 0; r < rounds; r++) {
      for (String name : new String[] {"hadoop", "forkless"}) {
        Configuration conf = new Configuration();
        conf.setBoolean("fs.file.impl.disable.cache", true);
        if (name.equals("forkless")) {
          conf.set("fs.file.impl", "io.seam.core.fs.ForklessLocalFileSystem");
          conf.set("fs.AbstractFileSystem.file.impl", "io.seam.core.fs.ForklessLocalFs");
        }
        java.nio.file.Path dir = Files.createDirectory(root.resolve(name + "-" + r));
        FileSystem fs = FileSystem.get(dir.toUri(), conf);
        FileContext fc = FileContext.getFileContext(dir.toUri(), conf);
        long t0 = System.nanoTime();
        for (int i = 0; i < files; i++) {
          Path tmp = new Path(dir.toUri().toString(), "." + i + ".tmp");
          Path done = new Path(dir.toUri().toString(), i + ".json");
          try (FSDataOutputStream out = fc.create(tmp, EnumSet.of(CreateFlag.CREATE),
              Options.CreateOpts.perms(new FsPermission((short) 0644)))) {
            out.write("{\"commitInfo\":{}}".getBytes(StandardCharsets.UTF_8));
          }
          fc.rename(tmp, done, Options.Rename.NONE);
          try (FSDataOutputStream out = fs.create(new Path(dir.toUri().toString(), i + ".crc.json"),
              new FsPermission((short) 0644), true, 4096, (short) 1, 1 << 20, null)) {
            out.write('x');
          }
        }
        System.out.printf("%s\t%d\t%.3f%n", name, files, (System.nanoTime() - t0) / 1e9);
      }
    }
    System.out.println("heap\t" + heap.length);
  }
}
