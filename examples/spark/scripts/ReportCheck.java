import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * Summarizes one report of the colorize Spark job, read with Parquet's own reader (no Spark):
 * {@code java -cp 'examples/spark/target/lib/*' examples/spark/scripts/ReportCheck.java REPORT}
 * prints {@code rows R photos P done D skipped S failed F} (P: distinct paths).
 */
public class ReportCheck {
  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    Path report = new Path(args[0]);
    FileSystem fs = report.getFileSystem(conf);
    long rows = 0;
    Map<String, Integer> statuses = new TreeMap<>(Map.of("done", 0, "skipped", 0, "failed", 0));
    Map<String, Integer> paths = new HashMap<>();
    for (FileStatus part : fs.listStatus(report)) {
      String name = part.getPath().getName();
      if (!name.endsWith(".parquet") || name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      try (ParquetReader<Group> reader =
          ParquetReader.builder(new GroupReadSupport(), part.getPath()).withConf(conf).build()) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          rows++;
          paths.merge(row.getString("path", 0), 1, Integer::sum);
          statuses.merge(row.getString("status", 0), 1, Integer::sum);
        }
      }
    }
    System.out.println("rows " + rows + " photos " + paths.size() + " done "
        + statuses.get("done") + " skipped " + statuses.get("skipped") + " failed "
        + statuses.get("failed"));
  }
}
