package io.github.colorize.model.catalog;

/** The format of a published model file, which decides how it is converted. */
public enum SourceFormat {
  /** A PyTorch state dict of the colorizers ECCVGenerator ({@code .pth}). */
  PYTORCH,
  /** The authors' Caffe weights, converted with the deploy definition colorize ships. */
  CAFFE,
  /** A colorize model file already ({@code .onnx}): checked and copied. */
  ONNX
}
