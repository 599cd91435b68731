package io.github.colorize.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.colorize.Colorizer;
import io.github.colorize.ModelSource;
import io.github.colorize.image.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library call on binaryFile rows, in local[2]. */
class ColorizeSparkTest {

  @TempDir
  Path dir;

  @Test
  void colorizesBinaryFileRowsAsOneMachineDoesReadingTheModelOnce() throws IOException {
    Path input = dir.resolve("in");
    List<String> photos = TestPhotos.write(input, 5);
    Path model = dir.resolve("models/my model.onnx");
    Files.createDirectories(model.getParent());
    try (InputStream in = ModelSource.class.getClassLoader()
        .getResourceAsStream(ModelSource.DEFAULT_MODEL_RESOURCE)) {
      Files.copy(in, model);
    }
    ColorizeOptions options = ColorizeOptions.builder().model("file:" + model)
        .temperature(0.2).size(64).format(ImageFormat.PNG).build();

    Dataset<Row> images = SharedSpark.session().read().format("binaryFile")
        .option("recursiveFileLookup", "true").option("pathGlobFilter", "*.{jpg,png}")
        .load(input.toString()).repartition(3);
    int readsBefore = ModelReader.reads();
    List<Row> rows = ColorizeSpark.colorize(images, options).collectAsList();

    assertThat(ModelReader.reads() - readsBefore).as("model reads in this JVM").isEqualTo(1);
    // binaryFile lists no empty files: the empty .jpg gives no row.
    assertThat(rows).hasSize(7);
    Map<String, Row> byPath = new HashMap<>();
    rows.forEach(r -> byPath.put(localPath(r.getString(0)), r));
    try (Colorizer colorizer = Colorizer.builder().model(model).temperature(0.2).inputSize(64)
        .build()) {
      for (String photo : photos.subList(0, 5)) {
        Row row = byPath.get(input.resolve(photo).toString());
        assertThat(row.getString(2)).as(photo).isEqualTo(ColorizeSpark.DONE);
        Path expected = dir.resolve("expected-" + photo.replace('/', '-') + ".png");
        colorizer.colorize(input.resolve(photo), expected);
        assertThat((byte[]) row.get(1)).as(photo).isEqualTo(Files.readAllBytes(expected));
        assertThat(row.getInt(4)).isEqualTo(javax.imageio.ImageIO.read(expected.toFile())
            .getWidth());
        assertThat(row.isNullAt(3)).isTrue();
      }
    }
    for (String broken : photos.subList(5, 7)) {
      Row row = byPath.get(input.resolve(broken).toString());
      assertThat(row.getString(2)).as(broken).isEqualTo(ColorizeSpark.FAILED);
      assertThat(row.isNullAt(1)).isTrue();
      assertThat(row.getString(3)).contains(Path.of(broken).getFileName().toString());
    }
  }

  /** binaryFile's path column is a Hadoop path ("file:/a/photo 00.png"). */
  private static String localPath(String path) {
    return new org.apache.hadoop.fs.Path(path).toUri().getPath();
  }

  @Test
  void rowsWithoutContentAreSkipped() {
    Dataset<Row> rows = SharedSpark.session().sql(
        "SELECT 'file:/nowhere/a.jpg' AS path, CAST(NULL AS BINARY) AS content");
    Row row = ColorizeSpark.colorize(rows, ColorizeOptions.defaults()).first();
    assertThat(row.getString(2)).isEqualTo(ColorizeSpark.SKIPPED);
    assertThat(row.isNullAt(1)).isTrue();
  }

  @Test
  void rowsWithoutContentColumnAreRefused() {
    Dataset<Row> rows = SharedSpark.session().range(1).select(
        functions.lit("a.jpg").as("path"));
    assertThatThrownBy(() -> ColorizeSpark.colorize(rows, ColorizeOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no content column of type binary")
        .hasMessageContaining("binaryFile");
  }
}
