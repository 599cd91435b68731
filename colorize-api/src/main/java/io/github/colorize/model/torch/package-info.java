/**
 * Import of PyTorch state dicts: {@link io.github.colorize.model.torch.TorchImporter} reads a
 * {@code .pth} file written by {@code torch.save} (the zip container of PyTorch 1.6 and later, or
 * the older single-stream format) without running any of its pickle, and maps the authors'
 * {@code colorizers} ECCVGenerator onto colorize's eccv16 network.
 */
package io.github.colorize.model.torch;
