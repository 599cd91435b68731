package io.github.colorize.spark;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.github.colorize.decode.AnnealedMeanDecoder;
import io.github.colorize.image.ImageFormat;
import io.github.colorize.pipeline.PipelineOptions;
import java.io.Serializable;

/**
 * What {@link ColorizeSpark} and {@link ColorizeJob} colorize with. A value: equal options share
 * one {@link io.github.colorize.Colorizer} per executor JVM.
 *
 * @param model the model as a Hadoop URI ({@code file:}, {@code hdfs:}, {@code s3a:}, or a path
 *     of the default file system), or null for the model embedded in colorize-api
 * @param backend the backend's name ({@code onnx}, {@code dl4j}), or null for the best one found
 * @param temperature the annealed-mean temperature, or null for the model's own
 * @param size the network input side, or 0 for the model's own
 * @param format the output format, or null for the input's own (png where it cannot be written)
 */
public record ColorizeOptions(String model, String backend, Double temperature, int size,
    ImageFormat format) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Checks each value, as {@link Builder}'s setters do. */
  public ColorizeOptions {
    if (model != null) {
      checkModel(model);
    }
    if (backend != null) {
      checkBackend(backend);
    }
    if (temperature != null) {
      checkTemperature(temperature);
    }
    if (size != 0) {
      checkSize(size);
    }
  }

  private static void checkModel(String uri) {
    checkArgument(!uri.isBlank(),
        "model URI is blank, expected e.g. hdfs:///models/colorize.onnx (or none for the default)");
  }

  private static void checkBackend(String name) {
    checkArgument(!name.isBlank(), "backend name is blank, expected e.g. 'onnx' or 'dl4j'");
  }

  private static void checkTemperature(double temperature) {
    checkArgument(temperature >= 0 && temperature <= AnnealedMeanDecoder.MAX_TEMPERATURE,
        "temperature is %s, expected in [0, %s]", temperature,
        AnnealedMeanDecoder.MAX_TEMPERATURE);
  }

  private static void checkSize(int side) {
    checkArgument(side >= 8 && side % 8 == 0 && side <= PipelineOptions.MAX_INPUT_SIZE,
        "size is %s, expected a multiple of 8 in [8, %s]", side,
        PipelineOptions.MAX_INPUT_SIZE);
  }

  /** The embedded default model on the best backend, with its own temperature and size. */
  public static ColorizeOptions defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ColorizeOptions}; each setter checks its value at once. */
  public static final class Builder {
    private String model;
    private String backend;
    private Double temperature;
    private int size;
    private ImageFormat format;

    private Builder() {}

    /** The model file as a Hadoop URI, e.g. {@code s3a://bucket/models/colorize.onnx}. */
    public Builder model(String uri) {
      checkModel(checkNotNull(uri, "model URI"));
      this.model = uri.trim();
      return this;
    }

    /** The backend by name ({@code onnx}, {@code dl4j}). */
    public Builder backend(String name) {
      checkBackend(checkNotNull(name, "backend name"));
      this.backend = name.trim();
      return this;
    }

    /** The annealed-mean temperature (0 = mode, 1 = mean). */
    public Builder temperature(double temperature) {
      checkTemperature(temperature);
      this.temperature = temperature;
      return this;
    }

    /** The network input side, a multiple of 8. */
    public Builder size(int side) {
      checkSize(side);
      this.size = side;
      return this;
    }

    /** The output format of every photo (default: the input's own). */
    public Builder format(ImageFormat format) {
      this.format = checkNotNull(format, "format");
      return this;
    }

    /** The options. */
    public ColorizeOptions build() {
      return new ColorizeOptions(model, backend, temperature, size, format);
    }
  }
}
