package io.github.colorize.dl4j;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * How {@link OnnxSameDiffConverter} builds a SameDiff graph.
 *
 * @param mode inference or training
 * @param inputHeight height of the graph's (first) input, or 0 when it may vary; needed only where
 *     a dilated convolution is rewritten ({@link DilationStrategy#SPACE_TO_BATCH})
 * @param inputWidth width of that input, or 0 when it may vary
 * @param dilation how dilated convolutions run
 * @param foldBatchNorm in inference, fold a BatchNormalization into the convolution right before it
 *     when nothing else reads that convolution's output (exact up to float rounding)
 * @param trainBatchNormAffine in training, whether BatchNormalization scale and bias are trainable;
 *     false keeps them fixed, as in the authors' Caffe model (BatchNorm without a Scale layer)
 * @param opsetVersion the model's default-domain opset, for the operators whose meaning changed
 *     (Softmax before opset 13 flattens to 2-D)
 * @param dataType FLOAT for running; DOUBLE for gradient checks
 */
public record ConversionOptions(GraphMode mode, int inputHeight, int inputWidth,
    DilationStrategy dilation, boolean foldBatchNorm, boolean trainBatchNormAffine,
    long opsetVersion, DataType dataType) {

  public ConversionOptions {
    checkNotNull(mode, "mode");
    checkArgument(inputHeight >= 0 && inputWidth >= 0,
        "input size is %sx%s, expected >= 0 (0 = variable)", inputHeight, inputWidth);
    checkArgument((inputHeight == 0) == (inputWidth == 0),
        "input size is %sx%s: give both height and width, or neither", inputHeight, inputWidth);
    checkNotNull(dilation, "dilation");
    checkArgument(opsetVersion >= 1, "opsetVersion is %s, expected >= 1", opsetVersion);
    checkNotNull(dataType, "dataType");
    checkArgument(dataType == DataType.FLOAT || dataType == DataType.DOUBLE,
        "dataType is %s, expected FLOAT or DOUBLE", dataType);
  }

  /** Inference, variable input size, automatic dilation handling, float32. */
  public static ConversionOptions inference() {
    return builder().build();
  }

  /** Whether the input size is fixed. */
  public boolean hasInputSize() {
    return inputHeight > 0;
  }

  /** A builder starting from {@link #inference()}'s values. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.mode = mode;
    b.inputHeight = inputHeight;
    b.inputWidth = inputWidth;
    b.dilation = dilation;
    b.foldBatchNorm = foldBatchNorm;
    b.trainBatchNormAffine = trainBatchNormAffine;
    b.opsetVersion = opsetVersion;
    b.dataType = dataType;
    return b;
  }

  /** Builds {@link ConversionOptions}. */
  public static final class Builder {
    private GraphMode mode = GraphMode.INFERENCE;
    private int inputHeight;
    private int inputWidth;
    private DilationStrategy dilation = DilationStrategy.AUTO;
    private boolean foldBatchNorm = true;
    private boolean trainBatchNormAffine;
    private long opsetVersion = 13;
    private DataType dataType = DataType.FLOAT;

    private Builder() {}

    public Builder mode(GraphMode mode) {
      this.mode = mode;
      return this;
    }

    /** Fixes the input's height and width (0, 0 = variable). */
    public Builder inputSize(int height, int width) {
      this.inputHeight = height;
      this.inputWidth = width;
      return this;
    }

    public Builder dilation(DilationStrategy dilation) {
      this.dilation = dilation;
      return this;
    }

    public Builder foldBatchNorm(boolean foldBatchNorm) {
      this.foldBatchNorm = foldBatchNorm;
      return this;
    }

    public Builder trainBatchNormAffine(boolean trainBatchNormAffine) {
      this.trainBatchNormAffine = trainBatchNormAffine;
      return this;
    }

    public Builder opsetVersion(long opsetVersion) {
      this.opsetVersion = opsetVersion;
      return this;
    }

    public Builder dataType(DataType dataType) {
      this.dataType = dataType;
      return this;
    }

    public ConversionOptions build() {
      return new ConversionOptions(mode, inputHeight, inputWidth, dilation, foldBatchNorm,
          trainBatchNormAffine, opsetVersion, dataType);
    }
  }
}
